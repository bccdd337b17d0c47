package dev.barrage.runner.cli;

import dev.barrage.runner.scenario.LoadProfile;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Compiles a scenario and checks its user classes without running it. The control plane runs this in a separate,
 * memory- and time-limited process for every upload, so scenario code never loads into the control plane.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compile a scenario and list its user classes, without sending any load.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR",
            description = "The scenario: a .java file, or a folder of .java files and data files.")
    Path file;

    @Option(names = "--hosted", description = "Also apply the rules for scenarios run on the platform, to its class "
            + "files and its //DEPS jars: only the allowed JDK classes (no environment, System.exit, processes, files, "
            + "sockets, threads, reflection or native code), in every .java file of a folder; test data only from the "
            + "scenario's folder.")
    boolean hosted;

    @Option(names = "--dependencies", split = ":", paramLabel = "JAR", description = "The jars the scenario's //DEPS "
            + "resolve to, from 'barrage resolve': used as they are, without resolving (so without network).")
    java.util.List<Path> dependencies;

    @Override
    public Integer call() {
        try {
            ScenarioCompiler compiler = hosted ? ScenarioCompiler.hosted() : new ScenarioCompiler();
            if (dependencies != null) {
                compiler = compiler.withResolvedDependencies(dependencies);
            }
            ScenarioModel model = ScenarioModel.of(compiler.compile(file), hosted);
            spec.commandLine().getOut().println("ok: " + model.userClasses().stream()
                    .map(u -> u.name() + " (weight " + u.weight() + ", " + u.tasks().size() + " tasks)")
                    .collect(Collectors.joining(", ")));
            // what drives the users, for the control plane to price a run by (it never loads scenario code itself)
            spec.commandLine().getOut().println("load: " + LoadProfile.of(model).toJson());
            return 0;
        } catch (ScenarioException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
    }

}
