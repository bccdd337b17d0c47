package dev.barrage.runner.cli;

import dev.barrage.protocol.launch.CheckInputs;
import dev.barrage.runner.checkpod.CheckPod;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How the control plane checks an upload on Kubernetes: in a short-lived pod of the runner image, which runs this.
 * The token comes from the environment only, like a runner's credentials.
 */
@Command(name = "check-pod", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check an upload in the pod the control plane made for it: fetch the scenario, its data files "
                + "and its //DEPS jars once, run 'barrage check' on them in a JVM of its own with an empty environment, "
                + "and leave the output as the pod's termination message.",
        footer = {"", "Exit codes: those of 'barrage check' (0 it compiled, 2 it did not), 3 the check ran out of memory,",
                "75 the inputs could not be fetched; the output says why."})
final class CheckPodCommand implements Callable<Integer> {
    @Option(names = "--inputs", required = true, paramLabel = "URL",
            description = "Where the upload's inputs are, on the control plane's runner API.")
    URI inputs;

    @Option(names = "--hosted", description = "Check with the hosted rules, as every upload is.")
    boolean hosted;

    @Option(names = "--jvm-option", paramLabel = "OPTION",
            description = "An option of the check's JVM (its heap and other limits); repeat for more.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--termination-log", defaultValue = "/dev/termination-log", paramLabel = "FILE",
            description = "The container's terminationMessagePath.")
    Path terminationLog;

    String token = System.getenv(CheckInputs.TOKEN_ENVIRONMENT);

    @Override
    public Integer call() throws Exception {
        if (token == null || token.isBlank()) {
            System.err.println("barrage check-pod: " + CheckInputs.TOKEN_ENVIRONMENT
                    + " must hold the token of the upload's inputs");
            return 2;
        }
        return new CheckPod(new CheckPod.Settings(inputs, token, hosted, jvmOptions, terminationLog,
                Duration.ofSeconds(20), BarrageCommand.class.getName()), System.out).run();
    }
}
