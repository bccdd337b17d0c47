package dev.barrage.controlplane.scenarios;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code barrage check --hosted} on an upload where the scenario's code can reach nothing of the platform's: a
 * sandboxed process on this machine ({@link LocalCheckSandbox}) or a pod of its own on Kubernetes.
 */
public interface CheckSandbox {
    /**
     * What the check gets: the scenario, its data files, and the jars its //DEPS were resolved to beforehand. Uploads
     * are always checked with the hosted rules; only the sandbox's own tests turn them off, to show that the sandbox
     * holds whatever the rules let through.
     */
    record Input(String fileName, String source, Map<String, byte[]> dataFiles, List<Path> dependencyJars, String heap,
            boolean hostedRules) {
        public Input(String fileName, String source, Map<String, byte[]> dataFiles, List<Path> dependencyJars, String heap) {
            this(fileName, source, dataFiles, dependencyJars, heap, true);
        }

        /** The arguments of {@code barrage check} for the scenario at {@code file} and the jars at {@code jars}. */
        List<String> checkArguments(String file, List<String> jars) {
            List<String> args = new java.util.ArrayList<>(List.of("check"));
            if (hostedRules) {
                args.add("--hosted");
            }
            args.addAll(List.of("-f", file));
            if (!jars.isEmpty()) {
                args.add("--dependencies=" + String.join(":", jars));
            }
            return args;
        }
    }

    /** How it ended: stopped at its time limit, or its exit code and everything it printed. */
    record Outcome(boolean timedOut, int exitCode, String output) {}

    Outcome run(Input input, long timeoutMillis) throws IOException, InterruptedException;

    /** Called once at start-up when this is where checks run: a sandbox that cannot be made stops the start. */
    default void prepare() {}

    /** The check's JVM options: the heap and the limits that keep one check from taking this machine from others. */
    static List<String> jvmOptions(String heap) {
        return List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Xss1m", "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData");
    }
}
