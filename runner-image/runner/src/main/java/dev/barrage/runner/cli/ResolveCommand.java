package dev.barrage.runner.cli;

import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Resolves a scenario's {@code //DEPS} and prints the jars, one {@code jar: <path>} line each, without compiling or
 * loading anything of the scenario. The control plane runs this with network, then {@code check --dependencies} on
 * those jars in a sandbox without network, so that no scenario code ever runs where the network is.
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Resolve a scenario's //DEPS and print the jars, without compiling or running it.")
final class ResolveCommand implements Callable<Integer> {
    static final String JAR_LINE = "jar: ";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR",
            description = "The scenario: a .java file, or a folder of them (the //DEPS lines of every file).")
    Path file;

    @Override
    public Integer call() {
        try {
            for (Path jar : ScenarioCompiler.resolveDependencies(file)) {
                spec.commandLine().getOut().println(JAR_LINE + jar.toAbsolutePath());
            }
            return 0;
        } catch (ScenarioException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
    }
}
