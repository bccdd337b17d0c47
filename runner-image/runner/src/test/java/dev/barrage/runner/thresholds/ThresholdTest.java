package dev.barrage.runner.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.protocol.Phase;
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

    @Test
    void phaseThresholdsReadTheMergedPhaseHistogramsAndSayWhenThereAreNone() {
        Threshold ttfb = Threshold.parse("ttfb_p95<200ms", false);
        assertThat(ttfb.metric().kind()).isEqualTo(Metric.Kind.PHASE_PERCENTILE);
        assertThat(ttfb.metric().phase()).isEqualTo(Phase.TTFB);
        assertThat(ttfb.metric().percentile()).isEqualTo(0.95);
        assertThat(Threshold.parse("GET /x:CONNECT_MAX < 1s", false).metric().phase()).isEqualTo(Phase.CONNECT);
        assertThat(Threshold.parse("GET /x:connect_max < 1s", false).limit()).isEqualTo(1000.0);
        assertThat(Threshold.parse("tls_median<50ms", false).metric().percentile()).isEqualTo(0.5);
        assertThat(Threshold.parse("receive_avg<2ms", false).metric().kind()).isEqualTo(Metric.Kind.PHASE_AVG);
        assertThat(Threshold.parse("new_connections<=10", false).metric().kind()).isEqualTo(Metric.Kind.NEW_CONNECTIONS);
        assertThatThrownBy(() -> Threshold.parse("ttfb_p95<5%", false)).hasMessageContaining("is a time");
        assertThatThrownBy(() -> Threshold.parse("ttfb_p101<5", false)).hasMessageContaining("a phase takes _p95");
        assertThatThrownBy(() -> Threshold.parse("ttfb_rps<5", false)).hasMessageContaining("a phase takes _p95");
        assertThatThrownBy(() -> Threshold.parse("new_connections<5 over 1m", false)).hasMessageContaining("counts have no window");
        assertThatThrownBy(() -> Threshold.parse("speed<5", false)).hasMessageContaining("ttfb");

        // one runner's two seconds: GET /x with TTFBs 10..100 ms then 110..200 ms, one new connection each second;
        // "measured" holds a non-HTTP measurement only
        dev.barrage.protocol.stats.RunStatistics stats = new dev.barrage.protocol.stats.RunStatistics(0, false);
        Threshold connections = Threshold.parse("GET /x:new_connections<=2", false);
        Threshold measured = Threshold.parse("measured:ttfb_p95<1s", false);
        stats.accept(timed(0, 10));
        stats.accept(timed(1, 110));
        ThresholdResult result = ThresholdEvaluator.evaluate(ttfb, stats);
        // the 19th of the 20 sorted values, to the histogram's precision (0.1 %)
        assertThat(result.actual()).isCloseTo(190.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(result.actualText()).isEqualTo("190 ms");
        assertThat(result.passed()).isTrue();
        assertThat(ThresholdEvaluator.evaluate(Threshold.parse("ttfb_max<200ms", false), stats).passed()).isFalse();
        assertThat(ThresholdEvaluator.evaluate(connections, stats).actual()).isEqualTo(2);
        assertThat(ThresholdEvaluator.evaluate(connections, stats).passed()).isTrue();
        ThresholdResult none = ThresholdEvaluator.evaluate(measured, stats);
        assertThat(none.passed()).isFalse();
        assertThat(none.actualText()).isEqualTo("no HTTP requests named measured");
        assertThat(ThresholdEvaluator.hasData(measured, stats)).isFalse();
    }

    @Test
    void aWindowedPhaseThresholdFailsAtItsFirstFailingWindow() {
        dev.barrage.protocol.stats.RunStatistics stats = new dev.barrage.protocol.stats.RunStatistics(0, false);
        ThresholdWatch watch = new ThresholdWatch(java.util.List.of(Threshold.parse("ttfb_median<100ms over 1s", false)), 0);
        for (int second = 0; second < 3; second++) {
            dev.barrage.protocol.IntervalReport r = timed(second, second == 2 ? 110 : 10);
            stats.accept(r);
            watch.accept(r);
        }
        ThresholdResult result = watch.results(stats).getFirst();
        assertThat(result.passed()).isFalse();
        assertThat(result.actualText()).isEqualTo("150 ms in the 1 s window ending at 0:03");
    }

    /** Second {@code second} of GET /x: ten requests with TTFBs first, first+10, ... ms; one new connection. */
    private static dev.barrage.protocol.IntervalReport timed(int second, long firstMillis) {
        org.HdrHistogram.Histogram[] phases = new org.HdrHistogram.Histogram[Phase.all().length];
        java.util.Arrays.setAll(phases, i -> dev.barrage.protocol.stats.EndpointTotals.newHistogram());
        org.HdrHistogram.Histogram total = dev.barrage.protocol.stats.EndpointTotals.newHistogram();
        for (int i = 0; i < 10; i++) {
            long micros = (firstMillis + 10L * i) * 1000;
            for (Phase p : Phase.all()) {
                phases[p.ordinal()].recordValue(p == Phase.TTFB ? micros : 0);
            }
            total.recordValue(micros);
        }
        var key = new dev.barrage.protocol.EndpointKey("GET", "/x");
        var http = new dev.barrage.protocol.EndpointInterval(key, 10, 0, 0, total.getMinValue(), total.getMaxValue(), 0,
                total, new dev.barrage.protocol.PhaseTimes(1, 9, phases));
        org.HdrHistogram.Histogram one = dev.barrage.protocol.stats.EndpointTotals.newHistogram();
        one.recordValue(500);
        var other = new dev.barrage.protocol.EndpointInterval(new dev.barrage.protocol.EndpointKey("redis", "measured"),
                1, 0, 500, 500, 500, 0, one);
        return new dev.barrage.protocol.IntervalReport("r0", second, second * 1000L, second * 1000L + 1000, 5,
                java.util.List.of(http, other), java.util.Map.of(), java.util.Map.of());
    }
}
