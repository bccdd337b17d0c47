package dev.barrage.runner.engine;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.Percentiles;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.TestScenarios;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.stats.StatsRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LoadEngineTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    private ScenarioModel scenario(String name) throws Exception {
        return ScenarioModel.of(new ScenarioCompiler().compile(TestScenarios.copy(name, dir)));
    }

    private RunOptions options(int users, double rate, Duration runTime, Duration stopTimeout) {
        return new RunOptions(target.uri(), users, rate, runTime, stopTimeout, Duration.ofMillis(500), Map.of());
    }

    @Test
    void percentilesEqualThoseOfTheRawLatenciesWithinHistogramPrecision() throws Exception {
        StatsRecorder recorder = new StatsRecorder("test", System.currentTimeMillis());
        Map<String, List<Long>> raw = new ConcurrentHashMap<>();
        recorder.addListener((type, name, micros, bytes, error, phases) ->
                raw.computeIfAbsent(type + " " + name, k -> Collections.synchronizedList(new ArrayList<>())).add(micros));
        RunStatistics stats = new RunStatistics(System.currentTimeMillis(), false);
        List<IntervalReport> reports = new CopyOnWriteArrayList<>();

        new LoadEngine(scenario("Latency.java"), options(10, 50, Duration.ofSeconds(3), Duration.ofSeconds(5)), recorder)
                .run(System.currentTimeMillis(), r -> {
                    reports.add(r);
                    synchronized (stats) {
                        stats.accept(r);
                    }
                });

        assertThat(reports.size()).as("several intervals were merged").isGreaterThanOrEqualTo(5);
        List<Long> all = new ArrayList<>();
        raw.values().forEach(all::addAll);
        assertThat(all.size()).isGreaterThan(300);
        stats.endpoints().forEach((key, totals) -> assertMatchesRaw(key.toString(), totals, raw.get(key.toString())));
        assertMatchesRaw("Aggregated", stats.aggregated(), all);
    }

    private static void assertMatchesRaw(String what, EndpointTotals totals, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int n = sorted.size();
        assertThat(totals.requests()).as(what + " count").isEqualTo(n);
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElseThrow() / 1000.0;
        assertThat(totals.avgMillis()).as(what + " average").isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(totals.minMillis()).as(what + " min").isEqualTo(sorted.getFirst() / 1000.0);
        assertThat(totals.maxMillis()).as(what + " max").isEqualTo(sorted.getLast() / 1000.0);
        for (double p : Percentiles.REPORTED) {
            long reported = Math.round(totals.percentileMillis(p) * 1000);
            // nearest rank; the neighbour too, since p * n is computed in floating point on both sides
            int rank = (int) Math.max(1, Math.ceil(p * n));
            long lower = sorted.get(rank - 1);
            long upper = sorted.get(Math.min(n, rank + 1) - 1);
            // three significant digits: a recorded value is reported within 1/1024 of itself, at most 1 µs off below 2 ms
            double tolerance = upper / 1024.0 + 1;
            assertThat((double) reported).as("%s p%s of %d values", what, p * 100, n)
                    .isBetween(lower - tolerance, upper + tolerance);
        }
    }

    @Test
    void usersStartAtTheSpawnRateAndTheRunStopsAtTheRunTime() throws Exception {
        ScenarioModel paced = scenario("Paced.java");
        StatsRecorder recorder = new StatsRecorder("test", System.currentTimeMillis());
        List<Long> starts = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        recorder.addListener((type, name, micros, bytes, error, phases) -> {
            if (type.equals("spawn")) {
                starts.add((System.nanoTime() - t0) / 1_000_000);
            }
        });
        List<IntervalReport> reports = new CopyOnWriteArrayList<>();

        RunResult result = new LoadEngine(paced, options(8, 4, Duration.ofSeconds(3), Duration.ZERO), recorder)
                .run(System.currentTimeMillis(), reports::add);
        long endMillis = (System.nanoTime() - t0) / 1_000_000;

        // the user-time the reports carry is the integral of the known curve: user i ran from its start at least to the
        // run time (3 s), and at most to the end (a user whose request was on the wire at 3 s waits for its answer)
        long leastUserMillis = starts.stream().mapToLong(start -> 3000 - start).sum();
        long mostUserMillis = starts.stream().mapToLong(start -> endMillis - start).sum();
        long reportedUserMillis = reports.stream().mapToLong(IntervalReport::userMillis).sum();
        assertThat((double) reportedUserMillis).as("user-milliseconds over the run")
                .isBetween(leastUserMillis - 8 * 60.0, mostUserMillis + 8 * 60.0);

        // 4 users per second: user i starts at i * 250 ms
        assertThat(starts).hasSize(8);
        List<Long> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("start of user %d (ms)", i).isBetween(i * 250L - 5, i * 250L + 200);
        }
        assertThat(result.usersStarted()).isEqualTo(8);
        long runMillis = result.endEpochMillis() - result.startEpochMillis();
        // with --stop-timeout 0 a user's 600 ms request already sent at 3 s is still answered
        assertThat(runMillis).as("run length with --stop-timeout 0").isBetween(3000L, 4300L);
        assertThat(reports.getLast().users()).as("users left at the end").isZero();
        // the user count reported mid-ramp follows the rate
        IntervalReport atOneSecond = reports.stream().filter(r -> r.endEpochMillis() - result.startEpochMillis() >= 1000)
                .findFirst().orElseThrow();
        assertThat(atOneSecond.users()).isBetween(4, 6);
    }

    @Test
    void theStopTimeoutLetsUsersFinishTheirTask() throws Exception {
        target.resetCounts();
        StatsRecorder recorder = new StatsRecorder("test", System.currentTimeMillis());
        RunStatistics stats = new RunStatistics(System.currentTimeMillis(), false);

        RunResult result = new LoadEngine(scenario("Paced.java"),
                options(4, 100, Duration.ofMillis(1300), Duration.ofSeconds(5)), recorder)
                .run(System.currentTimeMillis(), stats::accept);

        // every /slow request the target received was completed and recorded
        assertThat(stats.endpoints().entrySet()).anySatisfy(e -> {
            assertThat(e.getKey().name()).isEqualTo("/slow");
            assertThat(e.getValue().requests()).isEqualTo(target.counts().get("GET /slow"));
        });
        assertThat(result.usersKilled()).isZero();
    }

    @Test
    void withoutStopTimeoutRequestsAlreadySentAreAnsweredAndCountedAndNothingNewStarts() throws Exception {
        target.resetCounts();
        StatsRecorder recorder = new StatsRecorder("test", System.currentTimeMillis());
        RunStatistics stats = new RunStatistics(System.currentTimeMillis(), false);

        RunResult result = new LoadEngine(scenario("TwoSteps.java"),
                options(4, 100, Duration.ofMillis(700), Duration.ZERO), recorder)
                .run(System.currentTimeMillis(), stats::accept);

        // at 0.7 s every user is in its first 1.5 s request: the target has it, so the report counts it...
        Map<String, Long> recorded = new java.util.HashMap<>();
        stats.endpoints().forEach((k, v) -> recorded.put(k.name(), v.requests()));
        assertThat(target.counts().get("GET /slow")).isEqualTo(4);
        assertThat(recorded).containsEntry("/first", 4L);
        // ...and the task's second request is never sent
        assertThat(target.counts()).doesNotContainKey("GET /fast");
        assertThat(recorded).doesNotContainKey("/second");
        assertThat(result.usersKilled()).isEqualTo(4);
        assertThat(stats.errors()).isEmpty();
    }

    @Test
    void setTargetRampsUpAndDownAtTheSpawnRate() throws Exception {
        ScenarioModel paced = scenario("Paced.java");
        StatsRecorder recorder = new StatsRecorder("test", System.currentTimeMillis());
        List<IntervalReport> reports = new CopyOnWriteArrayList<>();
        LoadEngine engine = new LoadEngine(paced, options(2, 20, Duration.ofMillis(4200), Duration.ZERO), recorder);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1000);
                engine.setTarget(6, 20);
                Thread.sleep(1200);
                engine.setTarget(1, 20);
            } catch (InterruptedException ignored) {
                // the test ends
            }
        });

        RunResult result = engine.run(System.currentTimeMillis(), reports::add);

        long start = result.startEpochMillis();
        assertThat(usersAt(reports, start, 450)).isEqualTo(2);
        assertThat(usersAt(reports, start, 2000)).isEqualTo(6);
        // ramping down stops the most recent users at the end of their task (a 600 ms request at most); the run
        // lasts long enough that the report read here is not the last one, cut after the users stopped
        assertThat(usersAt(reports, start, 3400)).isEqualTo(1);
        assertThat(result.usersStarted()).isEqualTo(6);
    }

    @Test
    void runnersShareTheUsersAndTheirClassMixAddsUpToOneRun() {
        List<dev.barrage.runner.scenario.UserClassModel> classes;
        try {
            classes = scenario("Weighted.java").userClasses();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        UserSequence alone = new UserSequence(classes, 0, 1);
        UserSequence[] three = {new UserSequence(classes, 0, 3), new UserSequence(classes, 1, 3), new UserSequence(classes, 2, 3)};
        for (int total : new int[] {1, 7, 10, 31}) {
            Map<String, Integer> expected = new java.util.TreeMap<>();
            for (int i = 0; i < total; i++) {
                expected.merge(alone.classOf(i).name(), 1, Integer::sum);
            }
            Map<String, Integer> shared = new java.util.TreeMap<>();
            int users = 0;
            for (UserSequence runner : three) {
                int share = runner.localShare(total);
                users += share;
                for (int i = 0; i < share; i++) {
                    shared.merge(runner.classOf(i).name(), 1, Integer::sum);
                }
            }
            assertThat(users).isEqualTo(total);
            assertThat(shared).as("class mix of %d users on 3 runners", total).isEqualTo(expected);
        }
    }

    private static int usersAt(List<IntervalReport> reports, long start, long millis) {
        return reports.stream().filter(r -> r.endEpochMillis() - start >= millis).findFirst().orElseThrow().users();
    }
}
