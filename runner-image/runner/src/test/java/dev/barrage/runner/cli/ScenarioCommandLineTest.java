package dev.barrage.runner.cli;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.runner.TestScenarios;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scenario language's flags end to end: tags, thresholds and their exit code, the open model's report, bad input. */
class ScenarioCommandLineTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    private CliRun run(String scenario, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "-f", TestScenarios.copy(scenario, dir).toString(),
                "-H", target.uri().toString(), "--headless", "--only-summary"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(name).toFile());
    }

    @Test
    void passingThresholdsDecideTheExitCodeEvenWithSomeFailures() throws IOException {
        target.resetCounts();
        CliRun run = run("Counted.java", "-u", "4", "-r", "20", "-t", "2s", "-s", "10s",
                "--threshold", "p95<10s", "--threshold", "fail_ratio<0.5", "--json", dir.resolve("pass.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode thresholds = json("pass.json").get("thresholds");
        assertThat(thresholds).hasSize(2);
        assertThat(thresholds.findValues("passed")).allMatch(JsonNode::asBoolean);
        // the failure ratio the threshold saw is the target's own: 500s of /flaky over every request it received
        long requests = target.counts().values().stream().mapToLong(Long::longValue).sum();
        long failures = target.statusCounts().get("GET /flaky 500");
        assertThat(thresholds.get(1).get("actual").asDouble()).isCloseTo((double) failures / requests,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(run.out()).contains("Thresholds", "fail_ratio<0.5", "pass", "All 2 thresholds passed");
    }

    @Test
    void aFailedThresholdExitsWithThreeAndIsReportedAsSuch() throws IOException {
        CliRun run = run("Counted.java", "-u", "2", "-r", "20", "-t", "2s", "-s", "10s",
                "--threshold", "GET /slow:p50<1ms", "--threshold", "/nowhere:p99<1s",
                "--json", dir.resolve("fail.json").toString(), "--html", dir.resolve("fail.html").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(java.nio.file.Files.readString(dir.resolve("fail.html")))
                .contains("<h2>Thresholds</h2>", "GET /slow:p50&lt;1ms", "<b>FAIL</b>", "no requests named /nowhere");
        JsonNode thresholds = json("fail.json").get("thresholds");
        // /slow sleeps 20 ms on the server, so its median cannot be under 1 ms
        assertThat(thresholds.get(0).get("passed").asBoolean()).isFalse();
        assertThat(thresholds.get(0).get("actual").asDouble()).isGreaterThanOrEqualTo(20.0);
        assertThat(thresholds.get(1).get("actualText").asText()).isEqualTo("no requests named /nowhere");
        assertThat(run.out()).contains("FAIL", "2 of 2 thresholds failed");
        assertThat(lastLine(run.err())).isEqualTo("exit 3: 2 of 2 thresholds failed (GET /slow:p50<1ms, /nowhere:p99<1s)");
    }

    @Test
    void failedRequestsExitWithOneAndTheLastLineSaysHowManyFailed() {
        target.resetCounts();
        CliRun run = run("Counted.java", "-u", "2", "-r", "20", "-t", "1s", "-s", "5s");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        long requests = target.counts().values().stream().mapToLong(Long::longValue).sum();
        long failures = target.statusCounts().get("GET /flaky 500");
        assertThat(lastLine(run.err())).isEqualTo(String.format(java.util.Locale.ROOT,
                "exit 1: %,d of %,d requests failed (see Failures)", failures, requests));
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    @Test
    void thresholdsDeclaredInTheScenarioAreCheckedToo() {
        assertThat(run("Guarded.java", "-u", "2", "-r", "20", "-t", "1s", "-s", "5s").exitCode()).isZero();
        CliRun failing = run("Guarded.java", "-u", "2", "-r", "20", "-t", "1s", "-s", "5s", "--threshold", "max<1ms");
        assertThat(failing.exitCode()).isEqualTo(3);
        assertThat(failing.out()).contains("GET /slow:p50>=20ms", "/flaky:fail_ratio<0.9", "max<1ms", "1 of 3 thresholds failed");
    }

    @Test
    void abortOnFailStopsTheTestAsSoonAsAThresholdFails() {
        long start = System.nanoTime();
        CliRun run = run("Counted.java", "-u", "4", "-r", "20", "-t", "60s",
                "--threshold", "fail_ratio<0.001", "--abort-on-threshold-fail");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds run of -t 60s").isLessThan(20);
        assertThat(run.out()).contains("fail_ratio<0.001", "FAIL");
    }

    @Test
    void aWindowedThresholdFailsOnItsWorstWindowWhereTheWholeRunPasses() throws IOException {
        target.resetCounts();
        CliRun run = run("Phased.java", "-u", "4", "-r", "20", "-t", "8s", "-s", "5s",
                "--threshold", "median<100ms", "--threshold", "median<100ms over 2s", "--threshold", "p99<1s over 2s",
                "--json", dir.resolve("windows.json").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        JsonNode thresholds = json("windows.json").get("thresholds");
        // over the whole run most requests are fast: 4 users make ~4 slow requests in 150 ms but hundreds of fast ones
        long slow = target.counts().getOrDefault("GET /slow", 0L);
        long fast = target.counts().getOrDefault("GET /fast", 0L);
        assertThat(fast).as("fast requests outnumber slow ones").isGreaterThan(2 * slow);
        assertThat(thresholds.get(0).get("passed").asBoolean()).isTrue();
        // but a 2 s window inside the slow phase (from 2 s to 5.5 s after loading) holds only slow requests
        assertThat(thresholds.get(1).get("passed").asBoolean()).isFalse();
        assertThat(thresholds.get(1).get("actual").asDouble()).isGreaterThanOrEqualTo(100.0);
        assertThat(thresholds.get(1).get("actualText").asText()).matches("\\d+ ms in the 2 s window ending at 0:0[2-8]");
        assertThat(thresholds.get(2).get("passed").asBoolean()).isTrue();
        assertThat(thresholds.get(2).get("actualText").asText()).startsWith("worst 2 s: ");
    }

    @Test
    void anAbortingThresholdStopsTheRunOnlyAfterItsGrace() throws IOException {
        CliRun run = run("Phased.java", "-u", "4", "-r", "20", "-t", "30s", "-s", "5s",
                "--threshold", "median<100ms over 1s abort after 1s", "--json", dir.resolve("abort.json").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        JsonNode report = json("abort.json");
        double seconds = (report.get("run").get("endEpochMillis").asLong() - report.get("run").get("startEpochMillis").asLong()) / 1000.0;
        assertThat(seconds).as("the run stopped in the slow phase, long before -t 30s").isBetween(2.0, 10.0);
    }

    @Test
    void tagsOnTheCommandLineSelectTasks() {
        target.resetCounts();
        CliRun run = run("Tagged.java", "-u", "2", "-r", "20", "-t", "1s", "-s", "5s", "--tags", "browse", "buy",
                "--exclude-tags", "slow");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(target.counts()).containsOnlyKeys("GET /fast", "GET /items/{id}");
    }

    @Test
    void theOpenModelReportsStartedAndDroppedIterations() throws IOException {
        target.resetCounts();
        CliRun run = run("SteadyArrivals.java", "-t", "2s", "-s", "5s", "-e", "SLOW_MS=1000",
                "--json", dir.resolve("open.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode iterations = json("open.json").get("iterations");
        long started = iterations.get("started").asLong();
        long dropped = iterations.get("dropped").asLong();
        assertThat(started + dropped).isEqualTo(40);
        assertThat(dropped).isPositive();
        assertThat(target.counts().get("GET /slow")).isEqualTo(started);
        assertThat(run.out()).contains("Iterations (open model): " + started + " started, " + dropped + " dropped");
    }

    @Test
    void anOpenModelRunThatCannotKeepUpIsFlaggedWithItsNumbersAndFailsItsThreshold() throws IOException {
        target.resetCounts();
        // 20 iterations/s for 4 s on /slow?ms=500 with at most 5 users: at most 10/s can start
        CliRun run = run("SteadyArrivals.java", "-t", "4s", "-s", "5s", "-e", "SLOW_MS=500",
                "--threshold", "dropped_iterations<1", "--threshold", "iteration_rate>=95%",
                "--threshold", "iteration_rate>=5/s",
                "--json", dir.resolve("short.json").toString(), "--html", dir.resolve("short.html").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        JsonNode report = json("short.json");
        JsonNode it = report.get("iterations");
        long served = target.counts().get("GET /slow");
        long due = 20 * 4; // the schedule's iterations in 4 s: due at 25 ms, 75 ms, ..., 3975 ms
        // every started iteration reached the target (the stop timeout lets them finish), so what the target did not
        // count of what was due was dropped
        assertThat(it.get("due").asLong()).isEqualTo(due);
        assertThat(it.get("started").asLong()).isEqualTo(served);
        assertThat(it.get("dropped").asLong()).isEqualTo(due - served).isPositive();
        assertThat(it.get("shortfall").asBoolean()).isTrue();
        // 5 users, 0.5 s per iteration: about 10/s of the 20/s asked for
        assertThat(it.get("achievedRate").asDouble()).isBetween(7.0, 11.0);
        assertThat(it.get("targetRate").asDouble()).isBetween(16.0, 20.5);
        // iterations were dropped from the first second (5 users are busy after 0.25 s)
        assertThat(it.get("droppedFromSecond").asDouble()).isLessThan(1.0);
        JsonNode thresholds = report.get("thresholds");
        assertThat(thresholds.get(0).get("passed").asBoolean()).isFalse();
        assertThat(thresholds.get(0).get("actual").asDouble()).isEqualTo((double) (due - served));
        assertThat(thresholds.get(1).get("passed").asBoolean()).isFalse();
        assertThat(thresholds.get(1).get("actual").asDouble()).isEqualTo((double) served / due);
        assertThat(thresholds.get(2).get("passed").asBoolean()).isTrue();
        assertThat(run.out()).contains("Could not keep up: target ", "achieved ", (due - served) + " dropped from 0 s");
        assertThat(java.nio.file.Files.readString(dir.resolve("short.html"))).contains("Could not keep up:");
    }

    @Test
    void aThresholdThatDoesNotParseIsNamedWithItsFlag() {
        CliRun run = run("Counted.java", "-t", "1s", "--threshold", "p95<<5", "--csv", dir.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("barrage run: --threshold 'p95<<5' is not a threshold", "p95<500ms");
        assertThat(dir.resolve("x_stats.csv")).doesNotExist();

        CliRun unit = run("Counted.java", "-t", "1s", "--threshold", "p95<5kg");
        assertThat(unit.exitCode()).isEqualTo(2);
        assertThat(unit.err()).contains("--threshold 'p95<5kg': p95 is a time: use ms, s or us");
    }

    @Test
    void aDependencyThatDoesNotExistIsNamedWithItsLine() {
        CliRun run = run("MissingDeps.java", "-t", "1s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("MissingDeps.java:1: //DEPS dev.barrage.nonexistent:nothing-here:0.0.1 cannot be resolved");
    }

    @Test
    void aMissingCsvFileIsNamedWithItsLine() {
        CliRun run = run("MissingCsv.java", "-t", "1s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("MissingCsv.java:7: test data file no-such-users.csv not found");
    }

    @Test
    void aShapeWithNegativeUsersIsRefusedBeforeOrWhenItAnswersSo() {
        CliRun atLoad = run("BadStage.java", "-t", "1s");
        assertThat(atLoad.exitCode()).isEqualTo(2);
        assertThat(atLoad.err()).contains("BadStage.java:18: a stage needs 0 users or more, got -1");

        CliRun midRun = run("NegativeShape.java", "-t", "30s", "--json", dir.resolve("neg.json").toString());
        assertThat(midRun.exitCode()).isEqualTo(2);
        assertThat(midRun.err()).contains("NegativeShape.java: Broken.tick() returned -3 users: the user count must be 0 or more");
        assertThat(dir.resolve("neg.json")).doesNotExist();
    }

    @Test
    void helpDocumentsTheNewFlags() {
        CliRun run = CliRun.of("run", "--help");
        assertThat(run.out()).contains("--tags", "--exclude-tags", "--threshold=EXPR", "--abort-on-threshold-fail");
    }
}
