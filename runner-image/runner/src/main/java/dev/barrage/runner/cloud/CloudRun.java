package dev.barrage.runner.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.runner.report.ConsoleReport;
import dev.barrage.runner.report.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run on the platform from the command line: upload the scenario, start the run, follow its live statistics with one
 * compact line, and at the end print the same tables as a local run and decide the exit code.
 */
public final class CloudRun {
    /** The run finished and every threshold passed. */
    public static final int OK = 0;
    /** The control plane refused a call (the problem's detail is printed) or could not be reached. */
    public static final int API_ERROR = 1;
    /** A threshold failed, as with a local {@code barrage run}. */
    public static final int THRESHOLD_FAILED = 3;
    /** The run failed (runners could not start, crashed, or the target broke the run) or was stopped before its end. */
    public static final int RUN_NOT_FINISHED = 4;
    /** Every threshold passed, but the run got worse than its project's baseline run beyond the tolerance. */
    public static final int BASELINE_REGRESSED = 5;

    private static final Set<String> ENDED = Set.of("finished", "stopped", "failed");
    private static final long QUIET_PROGRESS_MILLIS = 5_000;

    private final CloudApi api;
    private final PrintWriter out;
    private final boolean terminal;

    /** @param terminal redraw one progress line in place; otherwise print one every few seconds (CI logs) */
    public CloudRun(CloudApi api, PrintWriter out, boolean terminal) {
        this.api = api;
        this.out = out;
        this.terminal = terminal;
    }

    /** What to start. {@code file} is uploaded first; otherwise {@code versionId} names an uploaded version. */
    public record Request(Path file, String versionId, String host, int users, double spawnRate, String duration,
            String stopTimeout, Integer runners, List<String> tags, List<String> thresholds, List<String> targets,
            GitInfo git, Map<String, String> parameters) {}

    /** The project to use: the given one, else the only one the token sees. */
    public String project(String given) throws CloudException {
        if (given != null) {
            return given;
        }
        JsonNode projects = api.get("/api/projects");
        if (projects.size() == 1) {
            return projects.get(0).get("id").asText();
        }
        StringBuilder names = new StringBuilder();
        projects.forEach(p -> names.append(names.isEmpty() ? "" : ", ").append(p.path("name").asText())
                .append(" (").append(p.path("id").asText()).append(')'));
        throw new CloudException(0, "Which Project", "name the project with --project or BARRAGE_PROJECT; you see "
                + (projects.isEmpty() ? "none" : names), null);
    }

    /** Uploads a scenario (a file, or a folder) as a new version; returns the version. */
    public JsonNode upload(String project, Path file) throws IOException, CloudException {
        return upload(project, file, false);
    }

    /**
     * Uploads a scenario as a new version with everything it needs (see {@link UploadFiles}) and returns it, or with
     * {@code reuse} returns the scenario's latest version when every file is the same (the digest of the whole set)
     * instead of storing the same files again.
     */
    public JsonNode upload(String project, Path file, boolean reuse) throws IOException, CloudException {
        UploadFiles files = UploadFiles.of(file);
        if (!files.left().isEmpty()) {
            out.printf("Not sent from %s: %s (a scenario is its .java files and its .csv, .tsv, .txt and .json data "
                    + "files)%n", files.shown(), String.join(", ", files.left()));
        }
        if (reuse) {
            JsonNode latest = latestVersion(project, files.name());
            if (latest != null && files.digest().equals(latest.path("sha256").asText())) {
                out.printf("%s is unchanged since version %d of %s (%s): not uploaded again%n", files.shown(),
                        latest.path("version").asInt(), latest.path("name").asText(), latest.path("id").asText());
                out.flush();
                return latest;
            }
        }
        JsonNode version = api.uploadZip("/api/projects/" + project + "/scenarios?name="
                + java.net.URLEncoder.encode(files.name(), StandardCharsets.UTF_8), files.zip());
        String with = files.shown().endsWith("/") ? " (" + String.join(", ", files.files().keySet()) + ")"
                : files.dataFiles().isEmpty() ? "" : " with " + String.join(", ", files.dataFiles());
        out.printf("Uploaded %s%s as version %d of %s (%s)%n", files.shown(), with, version.path("version").asInt(),
                version.path("name").asText(), version.path("id").asText());
        out.flush();
        return version;
    }

    /** The newest version of the project's scenario of this name, or null. */
    private JsonNode latestVersion(String project, String name) throws CloudException {
        for (JsonNode scenario : api.get("/api/projects/" + project + "/scenarios")) {
            if (scenario.path("name").asText().equals(name)) {
                JsonNode latest = null;
                for (JsonNode v : api.get("/api/projects/" + project + "/scenarios/" + scenario.path("id").asText()
                        + "/versions")) {
                    if (latest == null || v.path("version").asInt() > latest.path("version").asInt()) {
                        latest = v;
                    }
                }
                return latest;
            }
        }
        return null;
    }

    /** The start request's body, as both the start and the estimate take it; a run reuses an unchanged version. */
    private Map<String, Object> body(String project, Request r) throws IOException, CloudException {
        String version = r.file() != null ? upload(project, r.file(), true).get("id").asText() : r.versionId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenarioVersionId", version);
        body.put("host", r.host());
        body.put("users", r.users());
        body.put("spawnRate", r.spawnRate());
        body.put("duration", r.duration());
        if (r.stopTimeout() != null) {
            body.put("stopTimeout", r.stopTimeout());
        }
        if (r.runners() != null) {
            body.put("runners", r.runners());
        }
        body.put("tags", r.tags());
        body.put("thresholds", r.thresholds());
        if (!r.targets().isEmpty()) {
            body.put("targets", r.targets());
        }
        if (r.parameters() != null && !r.parameters().isEmpty()) {
            body.put("parameters", r.parameters());
        }
        if (r.git() != null && r.git().json() != null) {
            body.put("git", r.git().json());
        }
        return body;
    }

    /**
     * Asks what starting the run would cost ({@code POST .../runs/estimate}) and prints it with the balance; starts
     * nothing. Returns {@link #OK} when the run would start, {@link #API_ERROR} (with each reason on {@code err}) when it
     * would be refused.
     */
    public int dryRun(String project, Request r, PrintWriter err) throws IOException, CloudException {
        JsonNode e = api.post("/api/projects/" + project + "/runs/estimate", body(project, r));
        out.printf("This run would use %s VU-hours: %s [%s]%n", vuHours(e.path("requestedVuHours")),
                e.path("description").asText(), e.path("basis").asText());
        out.printf("Balance for %s: %s VU-hours remaining of %s (%s used, %s held by runs in progress); %s after this run%n",
                e.path("month").asText().substring(0, Math.min(7, e.path("month").asText().length())),
                vuHours(e.path("remainingVuHours")),
                vuHours(e.path("allowanceVuHours")),
                vuHours(e.path("usedVuHours")),
                vuHours(e.path("reservedVuHours")),
                vuHours(e.path("remainingAfterVuHours")));
        out.println("Dry run: nothing was started.");
        out.flush();
        if (e.path("wouldStart").asBoolean()) {
            return OK;
        }
        for (JsonNode refusal : e.path("refusals")) {
            err.printf("barrage cloud run: the run would be refused (%d %s): %s%n", refusal.path("status").asInt(),
                    refusal.path("title").asText(), refusal.path("detail").asText());
        }
        err.flush();
        return API_ERROR;
    }

    private static String vuHours(JsonNode n) {
        return String.format(java.util.Locale.ROOT, "%.3f", n.asDouble());
    }

    /** Uploads if needed and starts the run; returns the run as the API shows it. */
    public JsonNode start(String project, Request r) throws IOException, CloudException {
        Map<String, Object> body = body(project, r);
        JsonNode run = api.post("/api/projects/" + project + "/runs", body);
        out.printf("Started run %s: %d users at %s/s for %d s against %s%n  %s%n", run.get("id").asText(),
                run.path("users").asInt(), number(run.path("spawnRate").asDouble()), run.path("durationSeconds").asLong(),
                run.path("host").asText(), link(run.get("id").asText()));
        out.flush();
        return run;
    }

    /**
     * Follows the run to its end, printing progress; interrupting this process (Ctrl-C, a cancelled CI job) stops the
     * run. Returns the ended run.
     */
    public JsonNode await(JsonNode run) throws CloudException {
        String id = run.get("id").asText();
        long duration = run.path("durationSeconds").asLong();
        Thread stopOnExit = new Thread(() -> stopQuietly(id), "barrage-cloud-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            long nextStream = 0;
            Progress progress = new Progress(duration);
            while (true) {
                JsonNode view = api.get("/api/runs/" + id);
                if (ENDED.contains(view.path("status").asText())) {
                    progress.end();
                    return view;
                }
                if (System.currentTimeMillis() >= nextStream) {
                    try {
                        api.stream("/api/runs/" + id + "/live", progress::show);
                    } catch (CloudException e) {
                        if (e.status() != 0 && e.status() != 409) { // 409: not live (yet, or any more); 0: try again
                            throw e;
                        }
                    }
                    nextStream = System.currentTimeMillis() + 5_000;
                }
                sleep(1000);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs
            }
        }
    }

    /** Prints the final tables and the verdict; returns the exit code. */
    public int report(JsonNode ended) throws CloudException {
        String id = ended.get("id").asText();
        String status = ended.path("status").asText();
        RunReport report = null;
        try {
            report = CloudApi.JSON.readValue(api.getText("/api/runs/" + id + "/report", "application/json"), RunReport.class);
        } catch (CloudException e) {
            if (e.status() != 404) {
                throw e;
            }
        } catch (IOException e) {
            throw new CloudException(0, "Bad Report", "the report of run " + id + " does not parse: " + e.getMessage(), null);
        }
        if (report != null) {
            print(ConsoleReport.statsTable(report, false));
            print(ConsoleReport.percentileTable(report));
            print(ConsoleReport.phaseTable(report));
            print(ConsoleReport.errorReport(report));
            print(ConsoleReport.outcome(report));
        }
        print(CloudCompare.baselineLines(ended.path("baseline")));
        int code;
        String verdict;
        if (status.equals("failed")) {
            code = RUN_NOT_FINISHED;
            verdict = "failed: " + ended.path("statusReason").asText("no reason given");
        } else if (status.equals("stopped")) {
            code = RUN_NOT_FINISHED;
            verdict = "was stopped before its end" + (ended.hasNonNull("statusReason")
                    ? " (" + ended.get("statusReason").asText() + ")" : "");
        } else if (Boolean.FALSE.equals(passed(ended, report))) {
            code = THRESHOLD_FAILED;
            verdict = "finished, but thresholds failed";
        } else if (!ended.path("baseline").path("passed").asBoolean(true)) {
            code = BASELINE_REGRESSED;
            int n = ended.path("baseline").path("regressions").size();
            verdict = "finished, but " + n + " number" + (n == 1 ? "" : "s") + " got worse than the baseline run's";
        } else {
            code = OK;
            verdict = "finished" + (ended.path("thresholds").isEmpty() ? "" : "; every threshold passed");
        }
        out.printf("Run %s %s%n  %s%n", id, verdict, link(id));
        out.flush();
        return code;
    }

    /** The report of a run as CSV ({@code file}: stats, stats_history, failures, exceptions), JSON or HTML. */
    public String reportText(String runId, String format, String file) throws CloudException {
        String accept = switch (format) {
            case "csv" -> "text/csv";
            case "html" -> "text/html";
            default -> "application/json";
        };
        return api.getText("/api/runs/" + runId + "/report?format=" + format
                + (format.equals("csv") ? "&file=" + file : ""), accept);
    }

    /** Writes the reports asked for: an HTML file, a JSON file, Locust's four CSV files under a prefix. */
    public void save(String runId, Path html, Path json, String csvPrefix) throws CloudException, IOException {
        if (html != null) {
            write(html, reportText(runId, "html", null));
        }
        if (json != null) {
            write(json, reportText(runId, "json", null));
        }
        if (csvPrefix != null) {
            for (String file : List.of("stats", "stats_history", "failures", "exceptions")) {
                write(Path.of(csvPrefix + "_" + file + ".csv"), reportText(runId, "csv", file));
            }
        }
    }

    static void write(Path file, String text) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * True when standard input and output are a terminal. From Java 22 on, {@code System.console()} exists even when
     * they are redirected and {@code Console.isTerminal()} tells; this code compiles for Java 21, hence the lookup.
     */
    public static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    /** The server's verdict, or the report's when the run view has none. */
    private static Boolean passed(JsonNode run, RunReport report) {
        if (run.hasNonNull("thresholdsPassed")) {
            return run.get("thresholdsPassed").asBoolean();
        }
        return report == null || report.thresholds().isEmpty() ? null : !report.thresholdFailed();
    }

    /** The run's page in the console. */
    String link(String runId) {
        return api.baseUrl() + "/runs/" + runId;
    }

    private void stopQuietly(String id) {
        try {
            JsonNode view = api.get("/api/runs/" + id);
            if (!ENDED.contains(view.path("status").asText()) && !view.path("status").asText().equals("stopping")) {
                api.post("/api/runs/" + id + "/stop", Map.of());
                System.err.println("barrage cloud run: interrupted; asked the control plane to stop run " + id);
            }
        } catch (CloudException e) {
            System.err.println("barrage cloud run: could not stop run " + id + ": " + e.getMessage());
        }
    }

    private void print(List<String> lines) {
        if (!lines.isEmpty()) {
            lines.forEach(out::println);
            out.println();
            out.flush();
        }
    }

    static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static void sleep(long millis) throws CloudException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(0, "Interrupted", "interrupted while waiting for the run", null);
        }
    }

    /** The progress line: redrawn in place on a terminal, every few seconds (and on a status change) in a log. */
    private final class Progress {
        private final long duration;
        private long lastPrinted;
        private String lastStatus = "";
        private boolean drawn;

        Progress(long duration) {
            this.duration = duration;
        }

        void show(JsonNode update) {
            String line = ProgressLine.of(update, duration);
            String status = update.path("status").asText();
            long now = System.currentTimeMillis();
            if (terminal) {
                out.print("\r" + line);
                drawn = true;
            } else if (!status.equals(lastStatus) || now - lastPrinted >= QUIET_PROGRESS_MILLIS) {
                out.println(line);
                lastPrinted = now;
            }
            lastStatus = status;
            out.flush();
        }

        void end() {
            if (drawn) {
                out.println();
            }
            out.println();
            out.flush();
        }
    }
}
