package dev.barrage.runner.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code barrage} command line. */
@Command(
        name = "barrage",
        mixinStandardHelpOptions = true,
        version = "barrage 0.1.0",
        description = "Load testing with Java scenarios: Locust's model, Java's speed.",
        subcommands = {RunCommand.class, CheckCommand.class, ConvertCommand.class, ResolveCommand.class, DemoTargetCommand.class,
                AgentCommand.class, CheckPodCommand.class, CloudCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with: barrage run -f examples/Shop.java -u 50 -r 10 -t 30s -H http://127.0.0.1:8099 --headless",
                "Exit codes: 0 success, 1 the run had failures (see --exit-code-on-error), 2 bad input,",
                "3 a threshold failed, 130 Ctrl-C stopped the run (its reports are written first);",
                "barrage cloud run: 4 the run failed or was stopped."})
public final class BarrageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BarrageCommand());
        cli.setParameterExceptionHandler((ex, argv) -> {
            // every message starts with the command typed: "barrage run: ...", "barrage cloud run: ..."
            CommandLine c = ex.getCommandLine();
            String command = c.getCommandSpec().qualifiedName();
            c.getErr().println(command + ": " + withSuggestion(ex) + " ('" + command + " --help' lists the options)");
            return 2;
        });
        return cli;
    }

    /** Picocli's message, and for a misspelt option or command the nearest ones it knows. */
    static String withSuggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            List<String> near = unmatched.getSuggestions().stream().limit(3).toList();
            return ex.getMessage() + "; did you mean " + String.join(" or ", near) + "?";
        }
        return ex.getMessage();
    }
}
