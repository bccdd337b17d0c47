package dev.barrage.runner.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void parsesMetricsUnitsAndEndpoints() {
        Threshold p95 = Threshold.parse("p95<500ms", false);
        assertThat(p95.endpoint()).isNull();
        assertThat(p95.metric().percentile()).isEqualTo(0.95);
        assertThat(p95.limit()).isEqualTo(500.0);
        assertThat(p95.passes(499.9)).isTrue();
        assertThat(p95.passes(500)).isFalse();

        assertThat(Threshold.parse("p99.9 <= 2s", false).limit()).isEqualTo(2000.0);
        assertThat(Threshold.parse("p99.9 <= 2s", false).metric().percentile()).isCloseTo(0.999, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Threshold.parse("avg<250us", false).limit()).isEqualTo(0.25);
        assertThat(Threshold.parse("fail_ratio<1%", false).limit()).isEqualTo(0.01);
        assertThat(Threshold.parse("FAIL_RATIO < 0.01", false).limit()).isEqualTo(0.01);
        assertThat(Threshold.parse("rps>=100", false).passes(100)).isTrue();

        Threshold named = Threshold.parse("GET /items/[id]:p99<800ms", true);
        assertThat(named.endpoint()).isEqualTo("GET /items/[id]");
        assertThat(named.abortOnFail()).isTrue();
        assertThat(Threshold.parse("http://x:8080/a:max<1s", false).endpoint()).isEqualTo("http://x:8080/a");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> Threshold.parse("p95<<5", false)).hasMessageContaining("is not a threshold");
        assertThatThrownBy(() -> Threshold.parse("p95", false)).hasMessageContaining("is not a threshold");
        assertThatThrownBy(() -> Threshold.parse("speed<5", false)).hasMessageContaining("unknown metric speed");
        assertThatThrownBy(() -> Threshold.parse("p0<5", false)).hasMessageContaining("unknown metric p0");
        assertThatThrownBy(() -> Threshold.parse("fail_ratio<2", false)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Threshold.parse("requests>5ms", false)).hasMessageContaining("plain number");
    }

    @Test
    void windowsAndAbortingAreSuffixes() {
        Threshold t = Threshold.parse("GET /items/[id]:p95<500ms over 1m abort after 30s", false);
        assertThat(t.endpoint()).isEqualTo("GET /items/[id]");
        assertThat(t.limit()).isEqualTo(500.0);
        assertThat(t.windowMillis()).isEqualTo(60_000);
        assertThat(t.abortOnFail()).isTrue();
        assertThat(t.abortAfterMillis()).isEqualTo(30_000);
        assertThat(t.expression()).isEqualTo("GET /items/[id]:p95<500ms over 1m abort after 30s");
        Threshold plain = Threshold.parse("fail_ratio<1% abort", false);
        assertThat(plain.windowed()).isFalse();
        assertThat(plain.abortOnFail()).isTrue();
        assertThat(plain.abortAfterMillis()).isZero();
        assertThat(Threshold.parse("rps>10 OVER 10s", false).windowMillis()).isEqualTo(10_000);
        assertThatThrownBy(() -> Threshold.parse("requests<5 over 1m", false)).hasMessageContaining("counts have no window");
        assertThatThrownBy(() -> Threshold.parse("p95<5ms over 500ms", false)).hasMessageContaining("at least 1s");
    }

    @Test
    void openModelThresholdsReadTheRunsMergedIterations() {
        Threshold dropped = Threshold.parse("dropped_iterations<1", false);
        Threshold ratio = Threshold.parse("iteration_rate>=95%", false);
        Threshold rate = Threshold.parse("iteration_rate >= 40/s", false);
        assertThat(dropped.metric().kind()).isEqualTo(Metric.Kind.DROPPED_ITERATIONS);
        assertThat(ratio.metric().kind()).isEqualTo(Metric.Kind.ITERATION_RATIO);
        assertThat(ratio.limit()).isEqualTo(0.95);
        assertThat(rate.metric().kind()).isEqualTo(Metric.Kind.ITERATION_RATE);
        assertThat(rate.limit()).isEqualTo(40);
        assertThatThrownBy(() -> Threshold.parse("/x:dropped_iterations<1", false))
                .hasMessageContaining("not of an endpoint");
        assertThatThrownBy(() -> Threshold.parse("iteration_rate>=120%", false)).hasMessageContaining("between 0% and 100%");
        assertThatThrownBy(() -> Threshold.parse("dropped_iterations<1 over 1m", false)).hasMessageContaining("no window");
        assertThat(Threshold.parse("dropped_iterations<1 abort", false).abortOnFail()).isTrue();

        // two runners' reports over 2 s: 100 iterations due, 80 started, 20 dropped in the second second
        dev.barrage.protocol.stats.RunStatistics stats = new dev.barrage.protocol.stats.RunStatistics(0, false);
        assertThat(ThresholdEvaluator.evaluate(dropped, stats).actualText()).isEqualTo("no open-model iterations");
        stats.accept(report("r0", 0, 0, 1000, 25, 0));
        stats.accept(report("r1", 0, 0, 1000, 25, 0));
        assertThat(ThresholdEvaluator.evaluate(dropped, stats).passed()).isTrue();
        stats.accept(report("r0", 1, 1000, 2000, 15, 10));
        stats.accept(report("r1", 1, 1000, 2000, 15, 10));
        ThresholdResult d = ThresholdEvaluator.evaluate(dropped, stats);
        assertThat(d.actual()).isEqualTo(20);
        assertThat(d.passed()).isFalse();
        ThresholdResult r = ThresholdEvaluator.evaluate(ratio, stats);
        assertThat(r.actual()).isEqualTo(0.8);
        assertThat(r.actualText()).isEqualTo("80.0% of target");
        assertThat(r.passed()).isFalse();
        assertThat(ThresholdEvaluator.evaluate(rate, stats).actual()).isEqualTo(40.0); // 80 started in 2 s
        assertThat(ThresholdEvaluator.evaluate(rate, stats).passed()).isTrue();
        assertThat(stats.droppedBetweenEpochMillis()).containsExactly(1000L, 2000L);
        assertThat(stats.targetIterationRate()).isEqualTo(50.0);
    }

    private static dev.barrage.protocol.IntervalReport report(String runner, long sequence, long start, long end,
            long started, long dropped) {
        return new dev.barrage.protocol.IntervalReport(runner, sequence, start, end, 5, java.util.List.of(),
                java.util.Map.of(), java.util.Map.of(), 5 * (end - start),
                new dev.barrage.protocol.IterationCounts(started, dropped));
    }
}
