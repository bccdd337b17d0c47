package dev.barrage.runner.cli;

import dev.barrage.runner.convert.ConvertException;
import dev.barrage.runner.convert.LocustfileConverter;
import dev.barrage.runner.convert.PythonSyntaxTree;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Convert a locustfile (Locust 0.x, 1.x or 2.x) to a Java scenario. Reads the Python with python3's "
                + "own parser (ast); what cannot be converted becomes a // TODO(convert) comment and a warning.",
        footer = {"", "Example:", "  barrage convert locustfile.py -o scenarios/",
                "Exit codes: 0 converted (warnings may remain), 1 --strict and something was not converted, or the",
                "result does not compile, 2 bad input (no such file, not Python 3, no user class, no python3)."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCUSTFILE", description = "The locustfile, e.g. locustfile.py.")
    Path locustfile;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Directory to write the scenario to (default: the locustfile's directory).")
    Path output;

    @Option(names = "--strict", description = "Fail (exit 1, nothing written) if any part could not be converted.")
    boolean strict;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text;
        try {
            text = Files.readString(locustfile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return fail(err, "no such file: " + locustfile);
        }
        LocustfileConverter.Result result;
        try {
            result = LocustfileConverter.convert(locustfile.toString(), text, PythonSyntaxTree.fromEnvironment().parse(locustfile));
        } catch (ConvertException e) {
            return fail(err, e.getMessage());
        }
        result.warnings().forEach(err::println);
        if (strict && !result.warnings().isEmpty()) {
            err.println("barrage convert: --strict: " + result.warnings().size() + " part(s) of " + locustfile
                    + " not converted (listed above); nothing written");
            err.flush();
            return 1;
        }
        Path dir = output != null ? output : locustfile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path scenario = dir.resolve(result.className() + ".java");
        Files.writeString(scenario, result.source(), StandardCharsets.UTF_8);
        try {
            ScenarioModel.of(new ScenarioCompiler().compile(scenario));
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            err.println("barrage convert: wrote " + scenario + ", but it does not compile (above): fix those lines by hand");
            err.flush();
            return 1;
        }
        out.println("wrote " + scenario + " (" + result.userClasses() + " user class" + (result.userClasses() == 1 ? "" : "es")
                + (result.warnings().isEmpty() ? ", everything converted)" : ", " + result.warnings().size()
                + " part(s) not converted: search TODO(convert))"));
        out.println("run it: barrage run -f " + scenario + " -H http://127.0.0.1:8099 -u 10 -r 5 -t 30s --headless");
        out.flush();
        err.flush();
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("barrage convert: " + message);
        err.flush();
        return 2;
    }
}
