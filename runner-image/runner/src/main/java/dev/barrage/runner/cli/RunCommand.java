package dev.barrage.runner.cli;

import dev.barrage.runner.engine.RunOptions;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.scenario.TagFilter;
import dev.barrage.runner.scenario.UserClassModel;
import dev.barrage.runner.thresholds.Threshold;
import dev.barrage.scenario.HttpUser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a scenario from this machine and report, like 'locust': with --headless at once, else from a web UI and Locust's web API on --web-host:--web-port.",
        footer = {"", "Example:",
                "  barrage run -f examples/Shop.java -u 50 -r 10 -t 30s -H http://127.0.0.1:8099 --headless --csv out/shop --html out/shop.html",
                "", "Exit codes: 0 success; 1 (--exit-code-on-error) a request failed or scenario code threw; 2 bad input;",
                "  3 a threshold failed; 130 Ctrl-C stopped the run (143 SIGTERM), after the reports were written.",
                "  The last line says why."})
final class RunCommand implements Callable<Integer> {
    static final int THRESHOLD_FAILED = 3;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file", "--locustfile"}, paramLabel = "FILE|DIR",
            description = "The scenario: a .java file with one or more classes extending HttpUser, or a folder of .java "
                    + "files (user classes and the helper classes they share) and data files, compiled together.")
    Path file;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A config file (Locust's format: 'users = 10' lines), read after ~/.locust.conf, ~/.barrage.conf, "
                    + "./locust.conf and ./barrage.conf; LOCUST_* and BARRAGE_* variables override them, flags override all.")
    Path config;

    /** True once the config files and the environment have been applied (the command is parsed a second time). */
    private boolean settled;

    @Option(names = {"-u", "--users"}, defaultValue = "1", paramLabel = "N",
            description = "Peak number of concurrent users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = {"-r", "--spawn-rate"}, defaultValue = "1", paramLabel = "RATE",
            description = "Users started per second while ramping up (default: ${DEFAULT-VALUE}).")
    double spawnRate;

    @Option(names = {"-t", "--run-time"}, converter = Durations.class, paramLabel = "TIME",
            description = "Stop after this time, e.g. 30s, 5m, 1h30m. Without it, run until Ctrl-C.")
    Duration runTime;

    @Option(names = {"-H", "--host"}, paramLabel = "URL",
            description = "Base URL of the system under test, e.g. http://127.0.0.1:8099.")
    String host;

    @Option(names = "--headless",
            description = "Run without the web UI: start at once with -u, -r, -t and print the statistics. Without it "
                    + "the runner serves a web UI (as Locust) on --web-host:--web-port.")
    boolean headless;

    @Option(names = "--web-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the web UI listens on (default: ${DEFAULT-VALUE}, this machine only). Locust listens "
                    + "on all addresses, which lets anyone who can reach this machine start load from it against any "
                    + "host; pass 0.0.0.0 to allow that on purpose.")
    String webHost;

    @Option(names = "--web-port", defaultValue = "8089", paramLabel = "PORT",
            description = "Port of the web UI (default: ${DEFAULT-VALUE}, as Locust; 0 picks a free one).")
    int webPort;

    @Option(names = "--autostart",
            description = "With the web UI: start a run at once with -u, -r, -H and -t, as if the form was sent.")
    boolean autostart;

    @Option(names = "--autoquit", paramLabel = "SECONDS",
            description = "With the web UI: quit this many seconds after a run ends (a new run started before cancels it). "
                    + "The exit code is that of the last run.")
    Integer autoquit;

    @Option(names = "--csv", paramLabel = "PREFIX",
            description = "Write Locust-layout CSV files PREFIX_stats.csv, PREFIX_stats_history.csv, "
                    + "PREFIX_failures.csv and PREFIX_exceptions.csv.")
    String csvPrefix;

    @Option(names = "--csv-full-history",
            description = "Add a row per endpoint, not only the aggregated one, to PREFIX_stats_history.csv.")
    boolean csvFullHistory;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(names = "--only-summary", description = "Print only the final tables, not the live table every few seconds.")
    boolean onlySummary;

    @Option(names = {"-s", "--stop-timeout"}, converter = Durations.class, defaultValue = "0", paramLabel = "TIME",
            description = "How long users may take to finish their current task when the run stops (default: 0, stop at once).")
    Duration stopTimeout;

    @Option(names = {"-L", "--loglevel"}, defaultValue = "INFO", paramLabel = "LEVEL",
            description = "DEBUG, INFO, WARNING, ERROR or CRITICAL (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--exit-code-on-error", defaultValue = "1", paramLabel = "CODE",
            description = "Exit code when any request failed or scenario code threw (default: ${DEFAULT-VALUE}).")
    int exitCodeOnError;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "A parameter for the scenario, read with parameter(\"KEY\"). Repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = {"-T", "--tags"}, arity = "1..*", paramLabel = "TAG",
            description = "Run only the tasks tagged with one of these tags (@Tag).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-E", "--exclude-tags"}, arity = "1..*", paramLabel = "TAG",
            description = "Never run the tasks tagged with one of these tags.")
    List<String> excludeTags = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "A pass/fail criterion, e.g. \"p95<500ms\", \"fail_ratio<0.01\", \"GET /items/[id]:p99<800ms\". "
                    + "Repeatable; adds to the scenario's @Threshold. A failed one makes the exit code 3.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--abort-on-threshold-fail",
            description = "Check every threshold during the run too, and stop the test as soon as one fails.")
    boolean abortOnThresholdFail;

    @Option(names = "--skip-preflight",
            description = "Start even if the host does not resolve or accept a connection (checked once before the run).")
    boolean skipPreflight;

    @Option(names = "--print-stats-interval", defaultValue = "2s", converter = Durations.class, hidden = true)
    Duration printInterval;

    @Override
    public Integer call() throws Exception {
        if (!settled) {
            return withSettings();
        }
        if (file == null) {
            return usageError("no scenario: pass -f/--file FILE or DIR (or 'locustfile = FILE' in barrage.conf or locust.conf, "
                    + "or BARRAGE_LOCUSTFILE)");
        }
        Level level;
        try {
            level = ConsoleLogging.parseLevel(logLevel);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        ConsoleLogging.configure(level, System.err);

        if (users < 1) {
            return usageError("-u/--users must be 1 or more, got " + users);
        }
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            return usageError("-r/--spawn-rate must be a positive number, got " + spawnRate);
        }
        if (runTime != null && runTime.isZero()) {
            return usageError("-t/--run-time must be longer than 0s");
        }
        URI hostUri = null;
        if (host != null) {
            try {
                hostUri = parseHost(host);
            } catch (IllegalArgumentException e) {
                return usageError(e.getMessage());
            }
        }

        List<Threshold> commandLineThresholds = new ArrayList<>();
        for (String expression : thresholds) {
            try {
                commandLineThresholds.add(Threshold.parse(expression, abortOnThresholdFail));
            } catch (IllegalArgumentException e) {
                return usageError("--threshold " + e.getMessage());
            }
        }

        ScenarioModel scenario;
        try {
            scenario = ScenarioModel.of(new ScenarioCompiler().compile(file))
                    .withTags(new TagFilter(new LinkedHashSet<>(tags), new LinkedHashSet<>(excludeTags)))
                    .withThresholds(commandLineThresholds);
            if (abortOnThresholdFail) {
                scenario = scenario.withAllThresholdsAborting();
            }
        } catch (ScenarioException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        boolean needsHost = scenario.userClasses().stream()
                .map(UserClassModel::type)
                .anyMatch(HttpUser.class::isAssignableFrom);
        if (!headless) {
            return new WebUiMode(this).run(scenario, needsHost);
        }
        if (needsHost && hostUri == null) {
            return usageError("no host to test: pass -H/--host, e.g. -H http://127.0.0.1:8099");
        }
        if (needsHost && !skipPreflight) {
            var problem = HostPreflight.problem(hostUri, Duration.ofSeconds(3));
            if (problem.isPresent()) {
                return usageError(problem.get() + "; check -H/--host, or pass --skip-preflight to run anyway");
            }
        }

        RunOptions options = new RunOptions(hostUri, users, spawnRate, runTime, stopTimeout, Duration.ofSeconds(1),
                parameters);
        LocalRun run = new LocalRun(scenario, options,
                new LocalRun.Outputs(csvPrefix, csvFullHistory, html, json, onlySummary, printInterval.toMillis()),
                spec.commandLine().getOut());
        RunReport report;
        try (StopSignals signals = StopSignals.install(run::stop, spec.commandLine().getErr())) {
            try {
                report = run.run();
            } catch (IOException e) {
                return usageError("cannot write the reports: " + e.getMessage());
            } catch (ScenarioException e) {
                spec.commandLine().getErr().println(e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
            var stoppedBy = signals.received();
            int code = stoppedBy.map(StopSignals.Stop::exitCode).orElseGet(() -> exitCode(report));
            if (code != 0) {
                spec.commandLine().getErr().println(stoppedBy.isPresent()
                        ? stoppedReason(report, stoppedBy.get(), run.written())
                        : exitReason(report, code));
                spec.commandLine().getErr().flush();
            }
            return code;
        }
    }

    /** The last line of a run that a signal stopped: which, after how long, and where its reports are. */
    static String stoppedReason(RunReport report, StopSignals.Stop signal, List<String> written) {
        double seconds = (report.run().endEpochMillis() - report.run().startEpochMillis()) / 1000.0;
        return String.format(java.util.Locale.ROOT, "exit %d: stopped by %s after %.1f s; %s", signal.exitCode(),
                signal.described(), seconds, written.isEmpty()
                        ? "the tables above cover the run until then"
                        : "the reports cover the run until then: " + String.join(", ", written));
    }

    /** The last line of a run that exits non-zero: the code and why, where to look. */
    static String exitReason(RunReport report, int code) {
        if (report.thresholdFailed()) {
            List<String> failed = report.thresholds().stream().filter(t -> !t.passed()).map(t -> t.threshold()).toList();
            return String.format(java.util.Locale.ROOT, "exit %d: %d of %d thresholds failed (%s)", code, failed.size(),
                    report.thresholds().size(), String.join(", ", failed));
        }
        List<String> why = new ArrayList<>();
        if (report.aggregated().failures() > 0) {
            why.add(String.format(java.util.Locale.ROOT, "%,d of %,d requests failed (see Failures)",
                    report.aggregated().failures(), report.aggregated().requests()));
        }
        long thrown = report.exceptions().stream().mapToLong(RunReport.ExceptionRow::count).sum();
        if (thrown > 0) {
            why.add(String.format(java.util.Locale.ROOT, "scenario code threw %,d time%s (see Exceptions)", thrown,
                    thrown == 1 ? "" : "s"));
        }
        return "exit " + code + ": " + String.join("; ", why);
    }

    /** Parses the command line again, after the flags that the config files and the environment give. */
    private Integer withSettings() throws Exception {
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> original = parsed.originalArgs();
        int at = original.indexOf(spec.name());
        List<String> own = at < 0 ? original : original.subList(at + 1, original.size());
        RunSettings settings = new RunSettings(spec);
        List<String> args;
        try {
            args = new ArrayList<>(settings.arguments(parsed::hasMatchedOption, System.getenv(),
                    Path.of(System.getProperty("user.home")), Path.of(System.getProperty("user.dir")), config));
        } catch (IllegalArgumentException | IOException e) {
            return usageError(e.getMessage());
        }
        settings.ignored().forEach(spec.commandLine().getErr()::println);
        RunCommand effective = new RunCommand();
        effective.settled = true;
        picocli.CommandLine cli = new picocli.CommandLine(effective);
        cli.setOut(spec.commandLine().getOut());
        cli.setErr(spec.commandLine().getErr());
        List<String> fromSettings = List.copyOf(args);
        args.addAll(own);
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (picocli.CommandLine.ParameterException e) {
            return usageError(BarrageCommand.withSuggestion(e) + (fromSettings.isEmpty() ? ""
                    : " (with " + String.join(" ", fromSettings) + " from the config files and environment)"));
        }
        return effective.call();
    }

    /**
     * 3 when a threshold failed; else --exit-code-on-error when scenario code threw, or when a request failed and no
     * threshold decides what failures are acceptable; else 0.
     */
    int exitCode(RunReport report) {
        if (report.thresholdFailed()) {
            return THRESHOLD_FAILED;
        }
        boolean requestsFailed = report.aggregated().failures() > 0 && report.thresholds().isEmpty();
        return requestsFailed || !report.exceptions().isEmpty() ? exitCodeOnError : 0;
    }

    static URI parseHost(String host) {
        URI uri;
        try {
            uri = URI.create(host.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-H/--host '" + host + "' is not a URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "-H/--host must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8099, got '" + host + "'");
        }
        return uri;
    }

    int usageError(String message) {
        spec.commandLine().getErr().println("barrage run: " + message);
        spec.commandLine().getErr().flush();
        return 2;
    }

}
