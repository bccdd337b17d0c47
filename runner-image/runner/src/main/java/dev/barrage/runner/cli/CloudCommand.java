package dev.barrage.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.runner.cloud.CloudApi;
import dev.barrage.runner.cloud.CloudException;
import dev.barrage.runner.cloud.CloudRun;
import dev.barrage.runner.cloud.Credentials;
import dev.barrage.runner.cloud.GitInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barrage cloud}: the same scenarios, run on the platform with a project API token, as CI does. */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "Run scenarios on the Barrage platform with a project API token (CI, or your own machine).",
        subcommands = {CloudCommand.Login.class, CloudCommand.Upload.class, CloudCommand.Run.class,
                CloudCommand.Report.class, CloudCommand.Compare.class, CloudCommand.Baseline.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with:",
                "  barrage cloud login --url https://barrage.example.com",
                "  barrage cloud run -f Shop.java -H https://shop.example -u 50 -t 5m \\",
                "      --threshold 'p95<500ms' --wait",
                "Settings: --url or BARRAGE_URL; BARRAGE_TOKEN, else the token saved by login;",
                "  --project or BARRAGE_PROJECT, else the token's project.",
                "Exit codes: 0 success; 1 the control plane refused or could not be reached;",
                "  2 bad input; 3 a threshold failed; 4 the run failed or was stopped;",
                "  5 the run (or a compared run) got worse than the baseline run."})
public final class CloudCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final String UPLOADED = "The scenario: a .java file (sent with the data files beside it that it names, "
            + "e.g. Feeder.csv(\"accounts.csv\")), or a folder (its .java files and .csv/.tsv/.txt/.json files).";

    /** Where the control plane is and where the credentials are kept; shared by every subcommand. */
    static final class Connection {
        @Option(names = "--url", paramLabel = "URL",
                description = "The control plane, e.g. https://barrage.example.com (default: BARRAGE_URL, the URL saved "
                        + "by login, else " + Credentials.DEFAULT_URL + ").")
        String url;

        @Option(names = "--config-dir", paramLabel = "DIR",
                description = "Where login keeps the credentials (default: BARRAGE_CONFIG_DIR, else ~/.config/barrage).")
        Path configDir;

        Map<String, String> env() {
            return System.getenv();
        }

        Path dir() {
            return Credentials.configDir(env(), configDir);
        }

        Credentials credentials(String project) throws IOException, CloudException {
            return Credentials.resolve(env(), dir(), url, project);
        }
    }

    /** Runs a subcommand body and turns the control plane's refusals into a message and exit code 1. */
    abstract static class CloudSubcommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Connection connection = new Connection();

        @Override
        public final Integer call() {
            try {
                return execute();
            } catch (CloudException e) {
                PrintWriter err = spec.commandLine().getErr();
                JsonNode problem = e.problem();
                if (problem != null && problem.path("errors").size() > 0) {
                    // each error once, javac's whole message; then the reason on the last line
                    JsonNode errors = problem.get("errors");
                    errors.forEach(c -> {
                        String[] message = c.path("message").asText().split("\n");
                        err.println(c.path("file").asText() + ":" + c.path("line").asInt() + ":"
                                + c.path("column").asInt() + ": " + message[0]);
                        for (int i = 1; i < message.length; i++) {
                            err.println("    " + message[i]);
                        }
                    });
                    err.println(spec.qualifiedName() + ": " + e.title().toLowerCase(java.util.Locale.ROOT) + ": " + errors.size()
                            + (errors.size() == 1 ? " error" : " errors") + ", nothing was uploaded");
                } else {
                    err.println(spec.qualifiedName() + ": " + e.getMessage()
                            + (problem != null && problem.hasNonNull("field") ? " (field: " + problem.get("field").asText() + ")" : ""));
                }
                err.flush();
                return CloudRun.API_ERROR;
            } catch (IOException e) {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
                spec.commandLine().getErr().flush();
                return CloudRun.API_ERROR;
            }
        }

        abstract int execute() throws CloudException, IOException;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = {"Check a project API token against the control plane and save it (with the URL) for the "
                    + "other commands, readable by you only.",
                    "The token is read from standard input (--with-token, e.g. from a secret) or asked for without "
                            + "echo. In CI, set BARRAGE_TOKEN instead of logging in."})
    static final class Login extends CloudSubcommand {
        @Option(names = "--with-token", description = "Read the token from standard input.")
        boolean withToken;

        @Override
        int execute() throws CloudException, IOException {
            String token;
            if (!withToken && CloudRun.interactive()) {
                char[] typed = System.console().readPassword("API token (brg_...): ");
                token = typed == null ? "" : new String(typed);
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line = in.readLine();
                token = line == null ? "" : line;
            }
            token = token.strip();
            if (token.isEmpty()) {
                throw new CloudException(0, "No Token", "no token given: pipe it in with --with-token, e.g. "
                        + "'barrage cloud login --with-token < token.txt'", null);
            }
            String url = Credentials.url(connection.env(), connection.dir(), connection.url);
            JsonNode projects = new CloudApi(url, token).get("/api/projects");
            String project = projects.size() == 1 ? projects.get(0).get("id").asText() : null;
            Credentials saved = new Credentials(url, token, project);
            saved.save(connection.dir());
            out().printf("Logged in to %s with token %s%s%nSaved to %s%n", url, saved.tokenHint(),
                    project == null ? "" : " for project " + projects.get(0).path("name").asText() + " (" + project + ")",
                    connection.dir().resolve("credentials"));
            return CloudRun.OK;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Upload a scenario as a new version, with the data files it needs; it is compiled on the "
                    + "platform, errors are shown with file, line and column.")
    static final class Upload extends CloudSubcommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR", description = UPLOADED)
        Path file;

        @Option(names = "--project", paramLabel = "ID", description = "The project (default: BARRAGE_PROJECT, the "
                + "login's project, or the only one the token sees).")
        String project;

        @Override
        int execute() throws CloudException, IOException {
            Credentials c = connection.credentials(project);
            CloudRun cloud = new CloudRun(new CloudApi(c.url(), c.token()), out(), false);
            cloud.upload(cloud.project(c.project()), file);
            return CloudRun.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Start a run on the platform (uploading the scenario first when given a file); with --wait, "
                    + "follow it, print the statistics and exit by its thresholds.",
            footer = {"", "Exit codes with --wait: 0 finished and every threshold passed;",
                    "  3 a threshold failed; 4 the run failed or was stopped;",
                    "  1 the control plane refused or could not be reached.",
                    "Interrupting a waiting run (Ctrl-C, a cancelled CI job) stops the run."})
    static final class Run extends CloudSubcommand {
        static final class Scenario {
            @Option(names = {"-f", "--file"}, paramLabel = "FILE|DIR", description = "Upload this scenario and run it. "
                    + UPLOADED)
            Path file;

            @Option(names = "--scenario-version", paramLabel = "ID", description = "Run this uploaded scenario version (its id).")
            String version;
        }

        @ArgGroup(multiplicity = "1")
        Scenario scenario;

        @Option(names = "--project", paramLabel = "ID", description = "The project (default: BARRAGE_PROJECT, the "
                + "login's project, or the only one the token sees).")
        String project;

        @Option(names = {"-H", "--host"}, required = true, paramLabel = "URL", description = "The system under test.")
        String host;

        @Option(names = {"-u", "--users"}, defaultValue = "1", paramLabel = "N", description = "Peak concurrent users "
                + "over all runners (default: ${DEFAULT-VALUE}).")
        int users;

        @Option(names = {"-r", "--spawn-rate"}, defaultValue = "1", paramLabel = "RATE",
                description = "Users started per second (default: ${DEFAULT-VALUE}).")
        double spawnRate;

        @Option(names = {"-t", "--run-time"}, required = true, paramLabel = "TIME", description = "e.g. 30s, 5m, 1h30m.")
        String runTime;

        @Option(names = {"-s", "--stop-timeout"}, paramLabel = "TIME",
                description = "How long users may finish their task at the end (default: 0).")
        String stopTimeout;

        @Option(names = "--runners", paramLabel = "N", description = "Runner processes (default: 1).")
        Integer runners;

        @Option(names = "--tag", paramLabel = "TAG", description = "A tag for the run (filters, Datadog). Repeatable.")
        List<String> tags = new ArrayList<>();

        @Option(names = "--threshold", paramLabel = "EXPR", description = "A pass/fail criterion, e.g. \"p95<500ms\", "
                + "\"fail_ratio<0.01\", \"GET /items/[id]:p99<800ms\". Repeatable.")
        List<String> thresholds = new ArrayList<>();

        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "A parameter for the scenario, read "
                + "with parameter(\"KEY\") on every runner, kept with the run. Repeatable. Secrets belong in the "
                + "project's secrets instead, which runs never show.")
        Map<String, String> parameters = new java.util.LinkedHashMap<>();

        @Option(names = "--target", paramLabel = "HOST:PORT", description = "Another host and port the scenario may "
                + "reach besides --host (a Redis, a broker), e.g. redis://cache.example.com:6379; held to the same proof "
                + "of ownership as the host. Repeatable. The run reaches nothing else.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--git-repository", paramLabel = "OWNER/NAME",
                description = "For the GitHub integration (default in GitHub Actions: GITHUB_REPOSITORY).")
        String gitRepository;

        @Option(names = "--git-branch", paramLabel = "BRANCH")
        String gitBranch;

        @Option(names = "--git-commit", paramLabel = "SHA",
                description = "The commit to post the status on (default in GitHub Actions: the pull request's head).")
        String gitCommit;

        @Option(names = "--pull-request", paramLabel = "N",
                description = "The pull request to comment on (default in GitHub Actions: the event's pull request).")
        Integer pullRequest;

        @Option(names = "--wait", description = "Follow the run to its end; the exit code tells the outcome.")
        boolean await;

        @Option(names = "--dry-run", description = "Print the VU-hours the run would use and what would remain, and start "
                + "nothing (with -f the file is still uploaded, to read its load shape). Exit 0 when it would start, 1 "
                + "with the reasons when it would be refused.")
        boolean dryRun;

        @Option(names = "--html", paramLabel = "FILE", description = "With --wait: save the HTML report.")
        Path html;

        @Option(names = "--json", paramLabel = "FILE", description = "With --wait: save the JSON report.")
        Path json;

        @Option(names = "--csv", paramLabel = "PREFIX", description = "With --wait: save Locust's CSV files "
                + "PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv, PREFIX_exceptions.csv.")
        String csvPrefix;

        /** What is wrong with the flags, in a sentence, or null. */
        String invalidArguments() {
            if (users < 1) {
                return "-u/--users must be 1 or more, got " + users;
            }
            if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
                return "-r/--spawn-rate must be a number above 0, got " + spawnRate;
            }
            if (runners != null && runners < 1) {
                return "--runners must be 1 or more, got " + runners;
            }
            try {
                if (Durations.parse(runTime).isZero()) {
                    return "-t/--run-time must be longer than 0 s, got '" + runTime + "'";
                }
            } catch (CommandLine.TypeConversionException e) {
                return "-t/--run-time: " + e.getMessage();
            }
            try {
                if (stopTimeout != null) {
                    Durations.parse(stopTimeout);
                }
            } catch (CommandLine.TypeConversionException e) {
                return "-s/--stop-timeout: " + e.getMessage();
            }
            for (String key : parameters.keySet()) {
                if (!key.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                    return "-e/--env: parameter name '" + key + "' is not allowed: use letters, digits and _, not "
                            + "starting with a digit, at most 64 characters, such as TENANT";
                }
            }
            if (scenario.file != null && !java.nio.file.Files.exists(scenario.file)) {
                return "-f/--file: " + scenario.file + " does not exist (give a .java file or a folder of them)";
            }
            return null;
        }

        @Override
        int execute() throws CloudException, IOException {
            String invalid = invalidArguments();
            if (invalid != null) {
                // checked here, before anything is uploaded or asked of the platform
                spec.commandLine().getErr().println(spec.qualifiedName() + ": " + invalid);
                spec.commandLine().getErr().flush();
                return 2;
            }
            Credentials c = connection.credentials(project);
            boolean terminal = CloudRun.interactive();
            CloudRun cloud = new CloudRun(new CloudApi(c.url(), c.token()), out(), terminal);
            GitInfo git = GitInfo.of(gitRepository, gitBranch, gitCommit, pullRequest, connection.env());
            CloudRun.Request request = new CloudRun.Request(scenario.file, scenario.version, host, users, spawnRate,
                    runTime, stopTimeout, runners, tags, thresholds, targets, git, parameters);
            if (dryRun) {
                return cloud.dryRun(cloud.project(c.project()), request, spec.commandLine().getErr());
            }
            JsonNode started = cloud.start(cloud.project(c.project()), request);
            if (!await) {
                out().println(started.get("id").asText());
                return CloudRun.OK;
            }
            JsonNode ended = cloud.await(started);
            int code = cloud.report(ended);
            cloud.save(ended.get("id").asText(), html, json, csvPrefix);
            return code;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Download a run's report: JSON, HTML, or one of Locust's CSV files.")
    static final class Report extends CloudSubcommand {
        @Parameters(paramLabel = "RUN_ID", description = "The run.")
        String runId;

        @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
                description = "json, csv or html (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--file", defaultValue = "stats", paramLabel = "FILE", description = "With --format csv: "
                + "stats, stats_history, failures or exceptions (default: ${DEFAULT-VALUE}).")
        String file;

        @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Write here instead of standard output.")
        Path output;

        @Override
        int execute() throws CloudException, IOException {
            if (!List.of("json", "csv", "html").contains(format)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format must be json, csv or html");
            }
            Credentials c = connection.credentials(null);
            String text = new CloudRun(new CloudApi(c.url(), c.token()), out(), false).reportText(runId, format, file);
            if (output == null) {
                out().print(text);
                out().flush();
            } else {
                java.nio.file.Files.createDirectories(output.toAbsolutePath().getParent());
                java.nio.file.Files.writeString(output, text, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("Wrote " + output);
                spec.commandLine().getErr().flush();
            }
            return CloudRun.OK;
        }
    }

    /** How much worse a number must get to count; each part defaults on the control plane. */
    static final class ToleranceOptions {
        @Option(names = "--relative", paramLabel = "RATIO", description = "Times and rates: the relative change that "
                + "counts, e.g. 0.2 for 20 % (default 0.1).")
        Double relative;

        @Option(names = "--absolute-ms", paramLabel = "MS", description = "Times: changes under this many ms are noise "
                + "(default 1).")
        Double absoluteMillis;

        @Option(names = "--fail-points", paramLabel = "RATIO", description = "The failure ratio: the change in points "
                + "that counts, as a ratio, e.g. 0.01 for one point (default 0.005).")
        Double failRatioPoints;
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compare 2 to 10 ended runs side by side, endpoint by endpoint, each judged against the "
                    + "baseline (the first run unless --baseline); exit 5 when one got worse.")
    static final class Compare extends CloudSubcommand {
        @Parameters(paramLabel = "RUN_ID", arity = "2..10", description = "The runs (any project or scenario version).")
        List<String> runs;

        @Option(names = "--baseline", paramLabel = "RUN_ID", description = "The run the others are judged against.")
        String baseline;

        @Option(names = "--metric", defaultValue = "p95", paramLabel = "METRIC", description = "The column shown: "
                + "p95, p99, median, avg, rps, fail_ratio or requests (default: ${DEFAULT-VALUE}).")
        String metric;

        @Mixin
        ToleranceOptions tolerance = new ToleranceOptions();

        @Override
        int execute() throws CloudException, IOException {
            if (!dev.barrage.runner.cloud.CloudCompare.METRICS.containsKey(metric)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--metric must be one of "
                        + String.join(", ", dev.barrage.runner.cloud.CloudCompare.METRICS.keySet()));
            }
            Credentials c = connection.credentials(null);
            return new dev.barrage.runner.cloud.CloudCompare(new CloudApi(c.url(), c.token()), out()).compare(runs,
                    baseline, metric, tolerance.relative, tolerance.absoluteMillis, tolerance.failRatioPoints);
        }
    }

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = "Show, set (RUN_ID) or clear the project's baseline run: every run of the project that ends "
                    + "later is judged against it ('barrage cloud run --wait' exits 5 when it got worse).")
    static final class Baseline extends CloudSubcommand {
        @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "Make this finished run the baseline.")
        String runId;

        @Option(names = "--clear", description = "The project has no baseline any more.")
        boolean clear;

        @Option(names = "--project", paramLabel = "ID", description = "The project (default: BARRAGE_PROJECT, the "
                + "project saved by login, else the token's).")
        String project;

        @Mixin
        ToleranceOptions tolerance = new ToleranceOptions();

        @Override
        int execute() throws CloudException, IOException {
            if (clear && runId != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a RUN_ID or --clear, not both");
            }
            Credentials c = connection.credentials(project);
            CloudApi api = new CloudApi(c.url(), c.token());
            String id = new CloudRun(api, out(), false).project(c.project());
            var baselines = new dev.barrage.runner.cloud.CloudCompare(api, out());
            if (clear) {
                return baselines.clearBaseline(id);
            }
            return runId == null ? baselines.showBaseline(id) : baselines.setBaseline(id, runId, tolerance.relative,
                    tolerance.absoluteMillis, tolerance.failRatioPoints);
        }
    }
}
