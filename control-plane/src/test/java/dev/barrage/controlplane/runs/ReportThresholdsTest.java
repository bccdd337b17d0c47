package dev.barrage.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.controlplane.integrations.SampleRuns;
import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.thresholds.Threshold;
import dev.barrage.runner.thresholds.ThresholdEvaluator;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thresholds judged on a run's final report give what the runner's evaluator gives on the merged histograms. */
class ReportThresholdsTest {
    private final RunStatistics stats = SampleRuns.statistics();
    private final RunReport report = RunReport.from(stats, new RunReport.RunInfo("Shop.java", "http://x", 20, 10,
            SampleRuns.START, stats.lastEndEpochMillis(), stats.users()));

    @Test
    void everyMetricAgreesWithTheRunnersEvaluator() {
        List<String> expressions = List.of("p50<10ms", "p95<100", "p99<=150ms", "p99.9<1s", "p100<1s", "p66>1ms",
                "avg<50ms", "min>1ms", "max<300ms", "median<20ms", "med<5ms", "fail_ratio<1%", "fail_ratio<0.05",
                "rps>10", "requests>100", "failures<=40", "GET /items/[id]:p95<30ms", "POST /cart:p99<400ms",
                "/items/[id]:p50<5ms", "/cart:fail_ratio<0.05", "/cart:requests>10", "/cart:failures<10",
                "/cart:avg<100", "/cart:max<500", "/cart:min>0.5", "/cart:rps>1", "/nothing:p95<10ms");
        for (String e : expressions) {
            Threshold t = Threshold.parse(e, false);
            ThresholdResult expected = ThresholdEvaluator.evaluate(t, stats);
            ThresholdResult actual = ReportThresholds.evaluate(t, report);
            assertThat(actual.passed()).as(e).isEqualTo(expected.passed());
            if (Double.isNaN(expected.actual())) {
                assertThat(actual.actual()).as(e).isNaN();
                assertThat(actual.actualText()).as(e).isEqualTo(expected.actualText());
            } else {
                assertThat(actual.actual()).as(e).isCloseTo(expected.actual(), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(actual.actualText()).as(e).isEqualTo(expected.actualText());
            }
        }
    }

    @Test
    void phaseThresholdsOnAStoredReportAgreeWithTheRunnersEvaluatorAndOtherPercentilesAreRefused() throws Exception {
        var example = ((dev.barrage.protocol.messages.IntervalMessage) dev.barrage.protocol.messages.ProtocolCodec.decode(
                dev.barrage.protocol.messages.ProtocolCodec.example("interval-phases"))).report();
        RunStatistics merged = new RunStatistics(example.startEpochMillis(), false);
        merged.accept(example);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        RunReport stored = mapper.readValue(mapper.writeValueAsString(RunReport.from(merged, new RunReport.RunInfo(
                "Shop.java", "http://x", 4, 4, example.startEpochMillis(), example.endEpochMillis(), 4))), RunReport.class);
        for (String e : List.of("ttfb_p95<10ms", "ttfb_median<2ms", "connect_max<1ms", "tls_avg<1ms", "send_p95<1ms",
                "receive_median<1ms", "resolve_max<1ms", "new_connections<=1", "reused_connections>3",
                "GET /items/[id]:ttfb_p95<20ms", "/items/[id]:new_connections<2", "GET cart:ttfb_median<1s",
                "/nothing:ttfb_p95<1s")) {
            Threshold t = Threshold.parse(e, false);
            ThresholdResult expected = ThresholdEvaluator.evaluate(t, merged);
            ThresholdResult actual = ReportThresholds.evaluate(t, stored);
            assertThat(actual.passed()).as(e).isEqualTo(expected.passed());
            assertThat(actual.actualText()).as(e).isEqualTo(expected.actualText());
        }
        assertThat(ReportThresholds.evaluate(Threshold.parse("ttfb_p95<10ms", false), stored).passed()).isFalse();
        assertThatThrownBy(() -> ReportThresholds.parse(List.of("ttfb_p99<1s")))
                .isInstanceOf(ProblemException.class).hasMessageContaining("ttfb_median, ttfb_p95, _avg or _max");
    }

    @Test
    void openModelShortfallsTravelFromTheRunnersToTheReportAndItsThresholds() throws Exception {
        // two runners' interval reports as they arrive over Kafka: encoded, decoded, merged
        RunStatistics merged = new RunStatistics(0, false);
        long[][] counts = {{25, 0}, {25, 0}, {12, 13}, {10, 15}}; // started, dropped: r0 s0, r1 s0, r0 s1, r1 s1
        for (int i = 0; i < counts.length; i++) {
            var sent = new dev.barrage.protocol.IntervalReport("r" + (i % 2), i / 2, (i / 2) * 1000L, (i / 2 + 1) * 1000L,
                    5, List.of(), java.util.Map.of(), java.util.Map.of(), 5000,
                    new dev.barrage.protocol.IterationCounts(counts[i][0], counts[i][1]));
            var wire = dev.barrage.protocol.messages.ProtocolCodec.encode(
                    new dev.barrage.protocol.messages.IntervalMessage("run", sent));
            merged.accept(((dev.barrage.protocol.messages.IntervalMessage)
                    dev.barrage.protocol.messages.ProtocolCodec.decode(wire)).report());
        }
        RunReport live = RunReport.from(merged, new RunReport.RunInfo("Open.java", "http://x", 0, 0, 0, 2000, 10));
        // stored as the run's report JSON, read back as the integrations read it
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String json = mapper.writeValueAsString(live);
        var tree = mapper.readTree(json).get("iterations");
        assertThat(tree.get("started").asLong()).isEqualTo(72);
        assertThat(tree.get("dropped").asLong()).isEqualTo(28);
        assertThat(tree.get("due").asLong()).isEqualTo(100);
        assertThat(tree.get("shortfall").asBoolean()).isTrue();
        assertThat(tree.get("targetRate").asDouble()).isEqualTo(50.0);
        assertThat(tree.get("achievedRate").asDouble()).isEqualTo(36.0);
        assertThat(tree.get("droppedFromSecond").asDouble()).isEqualTo(1.0);
        RunReport stored = mapper.readValue(json, RunReport.class);
        for (String e : List.of("dropped_iterations<1", "dropped_iterations<=28", "iteration_rate>=95%",
                "iteration_rate>=70%", "iteration_rate>=40/s", "iteration_rate>30")) {
            Threshold t = Threshold.parse(e, false);
            ThresholdResult expected = ThresholdEvaluator.evaluate(t, merged);
            ThresholdResult actual = ReportThresholds.evaluate(t, stored);
            assertThat(actual.passed()).as(e).isEqualTo(expected.passed());
            assertThat(actual.actual()).as(e).isEqualTo(expected.actual());
            assertThat(actual.actualText()).as(e).isEqualTo(expected.actualText());
        }
        assertThat(ReportThresholds.evaluate(Threshold.parse("dropped_iterations<1", false), stored).passed()).isFalse();
        assertThat(ReportThresholds.evaluate(Threshold.parse("iteration_rate>=70%", false), stored).passed()).isTrue();
        // a closed-model report has none
        assertThat(ReportThresholds.evaluate(Threshold.parse("dropped_iterations<1", false), report).actualText())
                .isEqualTo("no open-model iterations");
    }

    @Test
    void aPercentileOverSeveralRequestTypesAsksForOne() {
        ThresholdResult r = ReportThresholds.evaluate(Threshold.parse("/cart:p95<100ms", false), report);
        assertThat(r.passed()).isFalse();
        assertThat(r.actualText()).isEqualTo("2 request types are named /cart; name one, e.g. 'GET /cart:p95...'");
    }

    @Test
    void requestsAreCheckedWhenTheRunIsCreated() {
        assertThat(ReportThresholds.parse(List.of("p95<500ms", "GET /x:p99.9<1s"))).hasSize(2);
        assertThat(ReportThresholds.parse(null)).isEmpty();
        assertThatThrownBy(() -> ReportThresholds.parse(List.of("p97<500ms"))).isInstanceOf(ProblemException.class)
                .hasMessageContaining("p50, p66, p75, p80, p90, p95, p98, p99, p99.9, p99.99 or p100");
        assertThatThrownBy(() -> ReportThresholds.parse(List.of("fast enough"))).isInstanceOf(ProblemException.class)
                .hasMessageContaining("is not a threshold");
        assertThat(ReportThresholds.stored(ReportThresholds.store(ReportThresholds.parse(List.of("p95<500ms", "rps>1")))))
                .extracting(Threshold::expression).containsExactly("p95<500ms", "rps>1");
    }
}
