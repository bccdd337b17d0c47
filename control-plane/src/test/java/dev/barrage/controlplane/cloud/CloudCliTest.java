package dev.barrage.controlplane.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.cli.BarrageCommand;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code barrage cloud} against the real control plane, in this JVM, as a CI job uses it: log in with a project
 * token, upload and run with --wait (exit 0 when the thresholds pass, 3 when one fails, 4 when the run is stopped, 5
 * when it regressed against the project's baseline run),
 * download a report; a revoked token gets a clear 401 message.
 */
@QuarkusTest
class CloudCliTest {
    static final String SCENARIO = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            public class Browse extends HttpUser {
                @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(50)); }
                @Task void fast() { client.get("/fast").send(); }
            }
            """;
    private static final Pattern STARTED = Pattern.compile("Started run ([0-9a-f-]{36})");
    private static final Pattern UPLOADED = Pattern.compile("Uploaded Browse.java as version \\d+ of Browse \\(([0-9a-f-]{36})\\)");

    static DemoTarget target;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "barrage.launch.local.runner-jar")
    String runnerJar;

    /** A folder of this test's own (JUnit's @TempDir does not reach a @QuarkusTest instance). */
    private final Path dir = temp();

    private static Path temp() {
        try {
            Path d = Files.createTempDirectory("barrage-cloud-cli-");
            d.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Cli(int code, String out, String err) {}

    @BeforeAll
    static void startTarget() throws Exception {
        target = DemoTarget.start(0);
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    private static Cli cli(String stdin, Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine c = BarrageCommand.commandLine();
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        InputStream in = System.in;
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            List<String> argv = new ArrayList<>();
            for (Object a : args) {
                argv.add(a.toString());
            }
            return new Cli(c.execute(argv.toArray(String[]::new)), out.toString(), err.toString());
        } finally {
            System.setIn(in);
        }
    }

    @Test
    void aCiJobRunsAScenarioAndTheExitCodeTellsTheOutcome() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        var created = Api.as(Keycloak.DEMO).body(Map.of("name", "ci")).post("/api/projects/" + project + "/tokens")
                .then().statusCode(201).extract();
        String token = created.path("secret");
        String url = "http://127.0.0.1:" + port;
        Path config = dir.resolve("config");
        Path scenario = dir.resolve("Browse.java");
        Files.writeString(scenario, SCENARIO);

        Cli login = cli(token + "\n", "cloud", "login", "--url", url, "--config-dir", config, "--with-token");
        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.out()).contains("Logged in to " + url + " with token " + created.<String>path("token.prefix") + "…",
                "(" + project + ")").doesNotContain(token);
        Path credentials = config.resolve("credentials");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(Files.readString(credentials)).contains("token=" + token, "project=" + project);

        // thresholds pass: 0, with the tables and the reports saved
        Cli pass = cli(null, "cloud", "run", "--config-dir", config, "-f", scenario, "-H", target.uri(), "-u", 3, "-r", 10,
                "-t", "3s", "--threshold", "p99<10s", "--threshold", "fail_ratio<0.5", "--tag", "ci", "--wait",
                "--json", dir.resolve("out/report.json"), "--html", dir.resolve("out/report.html"),
                "--csv", dir.resolve("out/run"));
        assertThat(pass.code()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out()).contains("Uploaded Browse.java as version 1 of Browse", "Started run ",
                "/runs/", "Aggregated", "Response time percentiles", "Thresholds", "All 2 thresholds passed",
                "finished; every threshold passed");
        assertThat(pass.out()).containsPattern("\\[00:0\\d/00:03\\] (starting|running) ");
        assertThat(Files.readString(dir.resolve("out/report.json"))).contains("\"thresholds\"", "\"p99<10s\"");
        assertThat(Files.readString(dir.resolve("out/report.html"))).contains("<svg");
        assertThat(Files.readString(dir.resolve("out/run_stats.csv"))).startsWith("Type,Name,Request Count,Failure Count,");
        String passedRun = match(STARTED, pass.out());
        String version = match(UPLOADED, pass.out());

        // a threshold fails: 3, the run named by its uploaded version
        Cli fail = cli(null, "cloud", "run", "--config-dir", config, "--scenario-version", version, "-H", target.uri(),
                "-u", 2, "-t", "2s", "--threshold", "p50<0.001ms", "--wait");
        assertThat(fail.code()).as(fail.out() + fail.err()).isEqualTo(3);
        assertThat(fail.out()).contains("1 of 1 thresholds failed", "finished, but thresholds failed");

        // stopped by someone before its end: 4
        CompletableFuture<Cli> stopped = CompletableFuture.supplyAsync(() -> cli(null, "cloud", "run", "--config-dir",
                config, "--scenario-version", version, "-H", target.uri(), "-t", "5m", "--wait"));
        String stoppedRun = awaitRunning(project);
        Api.as(Keycloak.DEMO).post("/api/runs/" + stoppedRun + "/stop").then().statusCode(202);
        Cli stop = stopped.get();
        assertThat(stop.code()).as(stop.out() + stop.err()).isEqualTo(4);
        assertThat(stop.out()).contains("Run " + stoppedRun + " was stopped before its end");

        // a report, by run id
        Cli csv = cli(null, "cloud", "report", passedRun, "--config-dir", config, "--format", "csv", "--file",
                "stats_history", "-o", dir.resolve("history.csv"));
        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(Files.readString(dir.resolve("history.csv"))).startsWith("Timestamp,User Count,Type,Name,");

        // the first run as the project's baseline; a version whose "/fast" takes 80 ms regresses against it: 5
        Cli none = cli(null, "cloud", "baseline", "--config-dir", config);
        assertThat(none.out()).as(none.err()).contains("Project " + project + " has no baseline run.");
        Cli set = cli(null, "cloud", "baseline", passedRun, "--config-dir", config);
        assertThat(set.code()).as(set.out() + set.err()).isZero();
        assertThat(set.out()).contains("Run " + passedRun + " is now the baseline of project " + project,
                "beyond 10 % (times: and 1 ms or more; failures: 0.50 points)");
        Files.writeString(scenario, SCENARIO.replace("client.get(\"/fast\")", "client.get(\"/slow?ms=80\").name(\"/fast\")"));
        Cli slower = cli(null, "cloud", "run", "--config-dir", config, "-f", scenario, "-H", target.uri(), "-u", 2,
                "-t", "3s", "--threshold", "fail_ratio<0.5", "--wait");
        assertThat(slower.code()).as(slower.out() + slower.err()).isEqualTo(5);
        assertThat(slower.out()).contains("Against baseline run " + passedRun, "REGRESSED", "GET /fast", "medianMillis",
                "got worse than the baseline run's");
        String slowerRun = match(STARTED, slower.out());
        Cli compared = cli(null, "cloud", "compare", passedRun, slowerRun, "--metric", "median", "--config-dir", config);
        assertThat(compared.code()).as(compared.out() + compared.err()).isEqualTo(5);
        assertThat(compared.out()).contains("median, each run against the baseline " + passedRun, "/fast", "Aggregated",
                slowerRun.substring(0, 8) + ": ").containsPattern("GET +/fast .*ms +\\+\\d+% !");
        Cli one = cli(null, "cloud", "compare", passedRun, "--config-dir", config);
        assertThat(one.code()).as("a single run: bad command line").isEqualTo(2);
        Cli cleared = cli(null, "cloud", "baseline", "--clear", "--config-dir", config);
        assertThat(cleared.code()).as(cleared.err()).isZero();
        assertThat(Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/baseline").then().statusCode(200).extract()
                .<String>path("runId")).isNull();
        assertThat(cli(null, "cloud", "baseline", "--config-dir", config).out()).contains("Project " + project
                + " has no baseline run.");
        Files.writeString(scenario, SCENARIO);

        // bad flags are refused before anything is uploaded: exit 2, the reason on the last line
        String versions = "/api/projects/" + project + "/scenarios/" + Api.as(Keycloak.DEMO)
                .get("/api/projects/" + project + "/scenarios").then().extract().path("[0].id") + "/versions";
        int stored = Api.as(Keycloak.DEMO).get(versions).then().extract().path("size()");
        Cli negative = cli(null, "cloud", "run", "--config-dir", config, "-f", scenario, "-H", target.uri(), "-u", -5,
                "-t", "2s");
        assertThat(negative.code()).as(negative.out() + negative.err()).isEqualTo(2);
        assertThat(negative.err().strip()).endsWith("barrage cloud run: -u/--users must be 1 or more, got -5");
        Cli badTime = cli(null, "cloud", "run", "--config-dir", config, "-f", scenario, "-H", target.uri(), "-t", "5x");
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err()).contains("-t/--run-time: '5x' is not a time span");
        assertThat(Api.as(Keycloak.DEMO).get(versions).then().extract().<Integer>path("size()")).isEqualTo(stored);
        // the same source as the latest version (the slower one was uploaded after it): stored once more; then reused
        Cli again = cli(null, "cloud", "run", "--config-dir", config, "-f", scenario, "-H", target.uri(), "-t", "1s",
                "--dry-run");
        assertThat(again.out()).as(again.err()).contains("Uploaded Browse.java as version " + (stored + 1));
        Cli reused = cli(null, "cloud", "run", "--config-dir", config, "-f", scenario, "-H", target.uri(), "-t", "1s",
                "--dry-run");
        assertThat(reused.out()).as(reused.err()).contains("Browse.java is unchanged since version " + (stored + 1)
                + " of Browse").doesNotContain("Uploaded");
        assertThat(Api.as(Keycloak.DEMO).get(versions).then().extract().<Integer>path("size()")).isEqualTo(stored + 1);

        // an upload that does not compile: the errors with line and column, exit 1
        Path broken = dir.resolve("Broken.java");
        Files.writeString(broken, "public class Broken extends dev.barrage.scenario.HttpUser {\n  void x() { nope(); }\n}\n");
        Cli bad = cli(null, "cloud", "upload", "--config-dir", config, "-f", broken);
        assertThat(bad.code()).isEqualTo(1);
        // javac's whole message (the symbol it could not find), each error printed once, the reason last
        assertThat(bad.err()).contains("Broken.java:2:14: cannot find symbol\n    symbol:   method nope()");
        assertThat(bad.err().split("cannot find symbol", -1)).as(bad.err()).hasSize(2);
        assertThat(bad.err().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("barrage cloud upload: scenario does not compile: 1 error, nothing was uploaded");

        // the token revoked: a clear 401, exit 1
        Api.as(Keycloak.DEMO).delete("/api/projects/" + project + "/tokens/" + created.path("token.id")).then().statusCode(204);
        Cli revoked = cli(null, "cloud", "run", "--config-dir", config, "--scenario-version", version, "-H", target.uri(),
                "-t", "2s", "--wait");
        assertThat(revoked.code()).isEqualTo(1);
        assertThat(revoked.err()).startsWith("barrage cloud run: the control plane at " + url
                + " refused the API token: unknown or revoked API token. Ask a project admin for a new token");
        assertThat(revoked.out()).isEmpty();
    }

    /**
     * A folder (two user classes, a helper they share, a CSV of buyers each used once) run locally, then by
     * {@code barrage cloud run -f DIR --wait} on two runners with a parameter: the target sees the same rows used, once
     * each; then a version is reused only while every file is unchanged.
     */
    @Test
    void aFolderScenarioRunsOnThePlatformWithItsRowsUsedAsLocally() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String token = Api.as(Keycloak.DEMO).body(Map.of("name", "ci")).post("/api/projects/" + project + "/tokens")
                .then().statusCode(201).extract().path("secret");
        Path config = dir.resolve("folder-config");
        assertThat(cli(token + "\n", "cloud", "login", "--url", "http://127.0.0.1:" + port, "--config-dir", config,
                "--with-token").code()).isZero();
        Path folder = Files.createDirectories(dir.resolve("Storefront"));
        try (var files = Files.list(Path.of("../examples/Storefront"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Files.writeString(folder.resolve("NOTES.md"), "not part of the scenario");
        List<String> rows = Files.readAllLines(folder.resolve("buyers.csv")).stream().skip(1).map(l -> l.split(",")[0]).toList();

        // locally, with the command line as a user runs it
        target.resetCounts();
        Process local = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(runnerJar).toAbsolutePath().toString(), "run", "-f", folder.toString(), "-H", target.uri().toString(),
                "-u", "6", "-r", "20", "-t", "3s", "--headless", "--only-summary").redirectErrorStream(true).start();
        String localOut = new String(local.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(local.waitFor()).as(localOut).isZero();
        Map<String, Long> localCounts = target.counts();
        java.util.Set<String> localRows = java.util.Set.copyOf(target.sessions().keySet());
        assertThat(localRows).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(localCounts.get("POST /login")).isEqualTo(rows.size());

        // on the platform, over two runners
        target.resetCounts();
        Cli cloud = cli(null, "cloud", "run", "--config-dir", config, "-f", folder, "-H", target.uri(), "-u", 6, "-r", 20,
                "-t", "3s", "--runners", 2, "-e", "TENANT=acme", "--wait", "--json", dir.resolve("folder.json"));
        assertThat(cloud.code()).as(cloud.out() + cloud.err()).isZero();
        assertThat(cloud.out()).contains("Not sent from Storefront/: NOTES.md",
                "Uploaded Storefront/ (Browser.java, Buyer.java, Store.java, buyers.csv) as version 1 of Storefront");
        assertThat(target.sessions().keySet()).as("the rows the platform used").isEqualTo(localRows);
        assertThat(target.counts().get("POST /login")).isEqualTo(rows.size());
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("folder.json").toFile());
        long served = target.counts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(report.at("/aggregated/requests").asLong()).isEqualTo(served);
        String run = match(STARTED, cloud.out());
        Api.as(Keycloak.DEMO).get("/api/runs/" + run).then().statusCode(200)
                .body("parameters.TENANT", org.hamcrest.Matchers.equalTo("acme")).body("runners", org.hamcrest.Matchers.equalTo(2));

        // unchanged: reused; one data file changed: a new version
        Cli same = cli(null, "cloud", "run", "--config-dir", config, "-f", folder, "-H", target.uri(), "-t", "1s", "--dry-run");
        assertThat(same.out()).as(same.err()).contains("Storefront/ is unchanged since version 1 of Storefront")
                .doesNotContain("Uploaded");
        Files.writeString(folder.resolve("buyers.csv"), "username,password\nada,lovelace-1815\n");
        Cli changed = cli(null, "cloud", "run", "--config-dir", config, "-f", folder, "-H", target.uri(), "-t", "1s",
                "--dry-run");
        assertThat(changed.out()).as(changed.err()).contains("as version 2 of Storefront");

        // bad input, said before anything is sent: a parameter name, a folder that is not there
        Cli badName = cli(null, "cloud", "run", "--config-dir", config, "-f", folder, "-H", target.uri(), "-t", "1s",
                "-e", "2FAST=yes");
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err().strip()).endsWith("barrage cloud run: -e/--env: parameter name '2FAST' is not allowed: use letters, "
                + "digits and _, not starting with a digit, at most 64 characters, such as TENANT");
        Cli missing = cli(null, "cloud", "run", "--config-dir", config, "-f", dir.resolve("nowhere"), "-H", target.uri(),
                "-t", "1s");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist (give a .java file or a folder of them)");
        // a folder without a scenario: the platform's reason, exit 1
        Path data = Files.createDirectories(dir.resolve("only-data"));
        Files.writeString(data.resolve("rows.csv"), "id\n1\n");
        Cli noScenario = cli(null, "cloud", "upload", "--config-dir", config, "-f", data);
        assertThat(noScenario.code()).isEqualTo(1);
        assertThat(noScenario.err()).contains("barrage cloud upload: the upload holds no .java file, only rows.csv");
    }

    @Test
    void aDryRunPrintsTheEstimateAndStartsNothing() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String token = Api.as(Keycloak.DEMO).body(Map.of("name", "ci")).post("/api/projects/" + project + "/tokens")
                .then().statusCode(201).extract().path("secret");
        Path config = dir.resolve("dry-config");
        assertThat(cli(token + "\n", "cloud", "login", "--url", "http://127.0.0.1:" + port, "--config-dir", config,
                "--with-token").code()).isZero();
        Path scenario = dir.resolve("Browse.java");
        Files.writeString(scenario, SCENARIO);
        Cli upload = cli(null, "cloud", "upload", "--config-dir", config, "-f", scenario);
        String version = match(UPLOADED, upload.out());

        // 20 users × 90 s = 1800 VU-seconds = 0.5 VU-hours
        Cli dry = cli(null, "cloud", "run", "--config-dir", config, "--scenario-version", version, "-H", target.uri(),
                "-u", 20, "-t", "90s", "--dry-run");
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("This run would use 0.500 VU-hours: 20 users for 90 s [users]",
                "Dry run: nothing was started.");
        var estimate = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                "users", 20, "duration", "90s")).post("/api/projects/" + project + "/runs/estimate").then().statusCode(200)
                .extract();
        assertThat(dry.out()).containsPattern("Balance for \\d{4}-\\d{2}: " + Pattern.quote(String.format(java.util.Locale.ROOT,
                "%.3f", estimate.<Float>path("remainingVuHours").doubleValue())) + " VU-hours remaining of ");

        // a shape is priced by its stages: 20.5 user-seconds (see RunEstimateTest), 0.006 VU-hours
        Path shaped = dir.resolve("Shaped.java");
        Files.writeString(shaped, dev.barrage.controlplane.quotas.RunEstimateTestSources.SHAPED);
        Cli shape = cli(null, "cloud", "run", "--config-dir", config, "-f", shaped, "-H", target.uri(), "-t", "1m",
                "--dry-run");
        assertThat(shape.code()).as(shape.out() + shape.err()).isZero();
        assertThat(shape.out()).contains("This run would use 0.006 VU-hours: Steps's 2 stages integrated over 8 s "
                + "(20.5 user-seconds, at most 4 users) [stages]");

        // refused: exit 1 with the reason, still nothing started
        Cli refused = cli(null, "cloud", "run", "--config-dir", config, "--scenario-version", version, "-H", target.uri(),
                "-u", 100_000, "-t", "90s", "--dry-run");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).containsPattern("barrage cloud run: the run would be refused \\(409 Plan Limit\\): the \\w+ plan "
                + "allows \\d+ users per run; this run asks for 100000");
        assertThat(Api.as(Keycloak.DEMO).get("/api/runs?projectId=" + project).then().extract().<List<Object>>path("$"))
                .isEmpty();
    }

    @Test
    void withoutATokenItSaysHowToGetOne() {
        Cli none = cli(null, "cloud", "upload", "--config-dir", dir.resolve("empty"), "-f", dir.resolve("X.java"));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no API token: run 'barrage cloud login' or set BARRAGE_TOKEN");
        Cli usage = cli(null, "cloud", "run", "-H", "http://x", "-t", "1s");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("Error: Missing required argument (specify one of these): (-f=FILE|DIR | --scenario-version=ID)");
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(p + " in " + text).isTrue();
        return m.group(1);
    }

    /** The id of the project's run that is running now. */
    private static String awaitRunning(String project) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            List<String> ids = Api.as(Keycloak.DEMO).get("/api/runs?projectId=" + project + "&status=running")
                    .then().statusCode(200).extract().path("id");
            if (!ids.isEmpty()) {
                return ids.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run of " + project + " started running");
    }
}
