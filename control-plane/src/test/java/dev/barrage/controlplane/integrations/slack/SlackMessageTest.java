package dev.barrage.controlplane.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.Fixtures;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.controlplane.integrations.SampleRuns;
import dev.barrage.runner.report.RunReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Block Kit messages have the shape Slack documents, and say what happened. */
class SlackMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunReport report = SampleRuns.report();

    @Test
    void everyVerdictMakesADocumentedMessage() {
        List<RunEvent> events = List.of(
                SampleRuns.event("run.started", null, null, List.of()),
                SampleRuns.event("run.finished", report, true, SampleRuns.thresholds(true)),
                SampleRuns.event("run.finished", report, false, SampleRuns.thresholds(false)),
                SampleRuns.event("run.stopped", report, true, List.of()),
                SampleRuns.event("run.failed", report, null, List.of()),
                SampleRuns.regressed(SampleRuns.event("run.finished", report, true, SampleRuns.thresholds(true))));
        for (RunEvent e : events) {
            Fixtures.assertBodyFits("slack/incoming-webhook", SlackMessage.of(SampleRuns.context(e, report)));
        }
        Fixtures.assertBodyFits("slack/incoming-webhook", SlackMessage.test("shop"));
    }

    @Test
    void theMessageHasTheVerdictTheNumbersTheThresholdsAndTheLink() {
        RunEvent e = SampleRuns.event("run.finished", report, false, SampleRuns.thresholds(false));
        RunContext run = SampleRuns.context(e, report);
        JsonNode m = JSON.valueToTree(SlackMessage.of(run));
        assertThat(m.at("/blocks/0/text/text").asText()).isEqualTo(":x: Load test failed its thresholds: shop");
        assertThat(m.get("text").asText()).startsWith("Load test failed its thresholds — shop (Shop.java): ")
                .contains(RunContext.count(report.aggregated().requests()) + " requests");
        String all = m.toString();
        assertThat(all).contains("*Requests*\\n" + RunContext.count(report.aggregated().requests()))
                .contains("*p95*\\n" + RunContext.millis(report.aggregated().percentile("95%")))
                .contains(":x: `POST /cart:fail_ratio&lt;1%` — 0.1000 (10.00%)")
                .contains(":white_check_mark: `p95&lt;500ms` — 212 ms")
                .contains("acme/shop@0123456 · PR #7 · feature/cart", "tags: smoke, Env:Staging");
        assertThat(m.at("/blocks").findValuesAsText("url")).containsExactly(run.link());
    }

    @Test
    void aRunWorseThanItsBaselineSaysWhichNumbers() {
        RunEvent e = SampleRuns.regressed(SampleRuns.event("run.finished", report, true, SampleRuns.thresholds(true)));
        JsonNode m = JSON.valueToTree(SlackMessage.of(SampleRuns.context(e, report)));
        assertThat(m.at("/blocks/0/text/text").asText())
                .isEqualTo(":chart_with_downwards_trend: Load test regressed against its baseline: shop");
        assertThat(m.toString()).contains("*Against the baseline run* `0f6c0000-0000-4000-8000-000000000001`: 1 worse",
                ":chart_with_downwards_trend: POST /cart p95 40 ms → 98 ms (+145 %)");
    }

    @Test
    void aFailedRunSaysWhyWithSlackControlCharactersEscaped() {
        RunEvent e = SampleRuns.event("run.failed", null, null, List.of());
        JsonNode m = JSON.valueToTree(SlackMessage.of(SampleRuns.context(e, null)));
        assertThat(m.at("/blocks/0/text/text").asText()).startsWith(":warning: Load test could not run to its end");
        assertThat(m.toString()).contains("*Reason:* runner 0 failed: &lt;out of memory&gt; &amp; more");
        assertThat(m.toString()).doesNotContain("\"fields\"");
    }

    @Test
    void longNamesAreCutToSlacksLimits() {
        RunEvent e = SampleRuns.event("run.finished", report, true, List.of());
        RunContext run = new RunContext(e, "p".repeat(400), "S".repeat(4000) + ".java", 30, report, "http://x/runs/1");
        Map<String, Object> m = SlackMessage.of(run);
        Fixtures.assertBodyFits("slack/incoming-webhook", m);
    }
}
