package dev.barrage.runner.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The command line for tests in other packages, with its output captured. */
public final class BarrageCommandAccess {
    private BarrageCommandAccess() {}

    public static int execute(List<String> args, PrintWriter out, PrintWriter err) {
        CommandLine cli = BarrageCommand.commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args.toArray(String[]::new));
    }
}
