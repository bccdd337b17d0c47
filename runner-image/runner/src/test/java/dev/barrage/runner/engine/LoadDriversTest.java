package dev.barrage.runner.engine;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.IntervalReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What drives the load besides -u and -r: a load shape, an arrival rate (the open model). */
class LoadDriversTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void aStagesShapeSetsTheUsersStageByStageAndEndsTheTest() throws Exception {
        EngineRun run = EngineRun.of(EngineRun.model("Stages.java", dir),
                EngineRun.options(target.uri(), 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(5)));

        long start = run.result().startEpochMillis();
        assertThat(usersAt(run, start, 1000)).isEqualTo(2);
        assertThat(usersAt(run, start, 2600)).isEqualTo(5);
        // the shape ends after 3 s (ticks are a second apart), long before -t 30s
        long length = run.result().endEpochMillis() - start;
        assertThat(length).isBetween(3000L, 5000L);
        assertThat(run.result().usersStarted()).isEqualTo(5);
        assertThat(run.result().scenarioError()).isNull();
    }

    @Test
    void aShapeThatAnswersNegativeUsersStopsTheRunWithTheReason() throws Exception {
        EngineRun run = EngineRun.of(EngineRun.model("NegativeShape.java", dir),
                EngineRun.options(target.uri(), 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(5)));

        assertThat(run.result().scenarioError()).isEqualTo("Broken.tick() returned -3 users: the user count must be 0 or more");
        assertThat(run.result().endEpochMillis() - run.result().startEpochMillis()).isLessThan(4000L);
    }

    @Test
    void aConstantArrivalRateStartsItsIterationsOnScheduleAndDropsNone() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("SteadyArrivals.java", dir), slowMs(1, Duration.ofSeconds(2)));

        // 20 per second for 2 s, due at 25 ms, 75 ms, ... 1975 ms
        assertThat(run.result().iterationsStarted()).isEqualTo(40);
        assertThat(run.result().iterationsDropped()).isZero();
        assertThat(target.counts().get("GET /slow")).isEqualTo(40);
        assertThat(run.count("GET", "/slow")).isEqualTo(40);
    }

    @Test
    void whenTheTargetIsSlowIterationsThatFindNoFreeUserAreDroppedAndCounted() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("SteadyArrivals.java", dir), slowMs(1000, Duration.ofSeconds(3)));

        // 60 iterations are due in 3 s; at most 5 users each taking a second per iteration can start about 15 of them
        long started = run.result().iterationsStarted();
        long dropped = run.result().iterationsDropped();
        assertThat(started + dropped).isEqualTo(60);
        assertThat(started).isBetween(10L, 20L);
        assertThat(target.counts().get("GET /slow")).isEqualTo(started);
        assertThat(run.result().usersStarted()).isEqualTo(5);
        // the interval reports carry them: merged, they are the run's counts exactly
        assertThat(run.stats().iterations()).isEqualTo(new dev.barrage.protocol.IterationCounts(started, dropped));
        assertThat(run.reports()).allSatisfy(r -> assertThat(r.iterations()).isNotNull());
        assertThat(run.stats().droppedBetweenEpochMillis()).isNotNull();
    }

    @Test
    void aRampingArrivalRateFollowsItsStagesAndEndsWithThem() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("RampArrivals.java", dir),
                EngineRun.options(target.uri(), 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(5)));

        // 0 to 20 per second over 2 s: 20 iterations, 5 in the first second and 15 in the second
        assertThat(run.result().iterationsStarted()).isEqualTo(20);
        assertThat(target.counts().get("GET /fast")).isEqualTo(20);
        assertThat(run.result().endEpochMillis() - run.result().startEpochMillis()).isBetween(1900L, 3500L);
    }

    @Test
    void responseTimesCountFromTheIntendedStartSoALateStartShows() throws Exception {
        EngineRun run = EngineRun.of(EngineRun.model("LateStart.java", dir),
                EngineRun.options(target.uri(), 1, 1, Duration.ofMillis(1500), Duration.ofSeconds(5)));

        // every new user spends 300 ms in onStart before its first iteration; /fast itself answers in about 1 ms
        long late = run.events().stream().filter(e -> e.name().equals("/fast") && e.micros() >= 300_000).count();
        assertThat(late).isEqualTo(run.result().usersStarted()).isPositive();
    }

    private static RunOptions slowMs(int ms, Duration runTime) {
        return new RunOptions(target.uri(), 1, 1, runTime, Duration.ofSeconds(5), Duration.ofMillis(250),
                Map.of("SLOW_MS", String.valueOf(ms)));
    }

    private static int usersAt(EngineRun run, long start, long millis) {
        return run.reports().stream().filter(r -> r.endEpochMillis() - start >= millis).findFirst()
                .map(IntervalReport::users).orElseThrow();
    }
}
