package dev.barrage.controlplane.integrations.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.Fixtures;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.controlplane.integrations.SampleRuns;
import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.runner.report.RunReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Series and events in Datadog's documented shapes, with exactly the report's time series in them. */
class DatadogPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunReport report = SampleRuns.report();

    @Test
    void theSeriesHoldEveryRowOfTheReportsTimeSeries() {
        RunEvent e = SampleRuns.event("run.finished", report, true, List.of());
        RunContext run = SampleRuns.context(e, report);
        JsonNode body = JSON.valueToTree(DatadogPayloads.series(report.history(), DatadogPayloads.runTags(run)));
        Fixtures.assertBodyFits("datadog/submit-metrics-v2", body);
        assertThat(report.history()).hasSize(4 * 4); // 4 intervals of 3 endpoints + the aggregated row
        for (HistoryRow row : report.history()) {
            String endpoint = row.aggregated() ? "endpoint:aggregated" : DatadogPayloads.tag("endpoint:" + row.key().name());
            assertThat(value(body, "barrage.requests_per_second", endpoint, row)).isEqualTo(row.currentRps());
            assertThat(value(body, "barrage.failures_per_second", endpoint, row)).isEqualTo(row.currentFailuresPerSecond());
            assertThat(value(body, "barrage.response_time.p50", endpoint, row)).isEqualTo(row.intervalP50Millis());
            assertThat(value(body, "barrage.response_time.p95", endpoint, row)).isEqualTo(row.intervalP95Millis());
            assertThat(value(body, "barrage.response_time.p99", endpoint, row)).isEqualTo(row.intervalP99Millis());
        }
        JsonNode first = body.at("/series/0");
        assertThat(first.get("tags")).extracting(JsonNode::asText).contains("project:shop", "run:" + e.runId(),
                "scenario:shop.java", "smoke", "env:staging");
        assertThat(body.findValuesAsText("tags").toString()).doesNotContain("[id]");
        assertThat(body.toString()).contains("\"endpoint:/items/_id_\"", "\"method:post\"");
    }

    private static double value(JsonNode body, String metric, String endpoint, HistoryRow row) {
        for (JsonNode s : body.get("series")) {
            boolean method = row.aggregated() || s.get("tags").toString().contains("\"method:" + row.key().type().toLowerCase() + "\"");
            if (s.get("metric").asText().equals(metric) && s.get("tags").toString().contains("\"" + endpoint + "\"") && method) {
                for (JsonNode p : s.get("points")) {
                    if (p.get("timestamp").asLong() == row.epochMillis() / 1000) {
                        return p.get("value").asDouble();
                    }
                }
            }
        }
        throw new AssertionError("no point of " + metric + " " + endpoint + " at " + row.epochMillis());
    }

    @Test
    void theEventTellsTheResult() {
        RunEvent e = SampleRuns.event("run.finished", report, false, SampleRuns.thresholds(false));
        JsonNode event = JSON.valueToTree(DatadogPayloads.event(SampleRuns.context(e, report)));
        Fixtures.assertBodyFits("datadog/post-event-v1", event);
        assertThat(event.get("alert_type").asText()).isEqualTo("error");
        assertThat(event.get("title").asText()).isEqualTo("Barrage: load test failed its thresholds — shop");
        assertThat(event.get("text").asText()).startsWith("%%% \n").endsWith("\n %%%")
                .contains("- FAIL `POST /cart:fail_ratio<1%`: 0.1000 (10.00%)");
        assertThat(event.get("aggregation_key").asText()).isEqualTo("barrage-run-" + e.runId());
        JsonNode passed = JSON.valueToTree(DatadogPayloads.event(SampleRuns.context(
                SampleRuns.event("run.finished", report, true, List.of()), report)));
        assertThat(passed.get("alert_type").asText()).isEqualTo("success");
    }

    @Test
    void tagsAreSentAsDatadogKeepsThem() {
        assertThat(DatadogPayloads.tag("endpoint:/items/[id]")).isEqualTo("endpoint:/items/_id_");
        assertThat(DatadogPayloads.tag("Env:Staging Blue")).isEqualTo("env:staging_blue");
        assertThat(DatadogPayloads.tag("x".repeat(300))).hasSize(200);
    }
}
