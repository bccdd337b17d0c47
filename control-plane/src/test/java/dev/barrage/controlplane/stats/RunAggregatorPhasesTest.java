package dev.barrage.controlplane.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.Phase;
import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.runner.report.PhaseSummary;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.thresholds.Threshold;
import java.util.List;
import java.util.UUID;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * Two runners' interval records with HTTP phase times, as they arrive over Kafka, merged by the aggregator: the run's
 * report holds the phases of both (from the merged histograms, never averaged) and its thresholds judge them.
 */
class RunAggregatorPhasesTest {

    @Test
    void phasesAndConnectionsOfEveryRunnerMergeIntoTheReportAndItsThresholds() throws Exception {
        // the example record: GET /items/[id], TTFBs 1100, 2400, 820, 12000 µs, one new connection and three reused
        IntervalReport example = ((IntervalMessage) ProtocolCodec.decode(ProtocolCodec.example("interval-phases"))).report();
        UUID runId = UUID.randomUUID();
        RunAggregator aggregator = new RunAggregator();
        aggregator.open(runId, new RunReport.RunInfo("Shop.java", "http://127.0.0.1", 8, 8, example.startEpochMillis() - 500, 0, 0),
                2, List.of(Threshold.parse("ttfb_p95<10ms", false), Threshold.parse("GET /items/[id]:new_connections<=2", false),
                        Threshold.parse("ttfb_median<1ms", false), Threshold.parse("GET cart:ttfb_p95<1s", false)));
        for (String runner : List.of(runId + "-r0", runId + "-r1")) {
            IntervalReport sent = new IntervalReport(runner, 0, example.startEpochMillis(), example.endEpochMillis(),
                    example.users(), example.endpoints(), example.errors(), example.exceptions());
            byte[] wire = ProtocolCodec.encode(new IntervalMessage(runId.toString(), sent));
            assertThat(aggregator.accept(runId, ((IntervalMessage) ProtocolCodec.decode(wire)).report())).isTrue();
        }
        RunReport report = aggregator.close(runId).orElseThrow();

        PhaseSummary items = report.endpoints().stream().filter(r -> r.name().equals("/items/[id]")).findFirst()
                .orElseThrow().timings();
        assertThat(items.requests()).isEqualTo(8);
        assertThat(items.newConnections()).isEqualTo(2);
        assertThat(items.reusedConnections()).isEqualTo(6);
        // both runners' TTFBs sorted: 820 820 1100 1100 2400 2400 12000 12000
        assertThat(items.phase(Phase.TTFB).medianMillis()).isEqualTo(1.1);
        assertThat(items.phase(Phase.TTFB).p95Millis()).isCloseTo(12.0, Percentage.withPercentage(0.1));
        assertThat(items.phase(Phase.TLS).maxMillis()).isEqualTo(1.8);
        assertThat(report.endpoints().stream().filter(r -> r.name().equals("GET cart")).findFirst().orElseThrow().timings())
                .as("a measured endpoint has no phases").isNull();
        assertThat(report.aggregated().timings().requests()).isEqualTo(8);

        assertThat(report.thresholds()).extracting(t -> t.threshold() + " " + t.passed() + " " + t.actualText())
                .containsExactly("ttfb_p95<10ms false 12 ms", "GET /items/[id]:new_connections<=2 true 2",
                        "ttfb_median<1ms false 1.10 ms", "GET cart:ttfb_p95<1s false no HTTP requests named GET cart");
    }
}
