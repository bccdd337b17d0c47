package dev.barrage.controlplane.integrations.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.Channel;
import dev.barrage.controlplane.integrations.Fixtures;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.controlplane.integrations.SampleRuns;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commit statuses and the pull request comment: GitHub's documented shapes, the right state, one findable comment. */
class GitHubPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunReport report = SampleRuns.report();
    private final GitHubChannel channel = new GitHubChannel();

    private static IntegrationSetting setting(String repository) {
        IntegrationSetting s = new IntegrationSetting();
        s.kind = "github";
        s.config = IntegrationSettings.toJson(new GitHubSettings(repository, GitHubSettings.DEFAULT_API_URL));
        return s;
    }

    private List<Channel.Planned> plan(RunEvent e, RunReport r, String repository) {
        return channel.plan(SampleRuns.context(e, r), setting(repository));
    }

    @Test
    void aStartedRunGetsAPendingStatusOnly() {
        List<Channel.Planned> p = plan(SampleRuns.event("run.started", null, null, List.of()), null, "acme/shop");
        assertThat(p).extracting(Channel.Planned::action).containsExactly("commit-status");
        JsonNode status = JSON.valueToTree(p.getFirst().payload());
        Fixtures.assertBodyFits("github/create-commit-status", status.get("status"));
        assertThat(status.at("/status/state").asText()).isEqualTo("pending");
        assertThat(status.at("/status/context").asText()).isEqualTo("barrage/shop");
        assertThat(status.get("sha").asText()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void theEndStateFollowsTheThresholds() {
        assertThat(state(SampleRuns.event("run.finished", report, true, SampleRuns.thresholds(true)))).isEqualTo("success");
        assertThat(state(SampleRuns.event("run.finished", report, false, SampleRuns.thresholds(false)))).isEqualTo("failure");
        assertThat(state(SampleRuns.event("run.failed", report, null, List.of()))).isEqualTo("error");
        assertThat(state(SampleRuns.event("run.stopped", report, true, List.of()))).isEqualTo("error");
        JsonNode failed = JSON.valueToTree(plan(SampleRuns.event("run.finished", report, false, SampleRuns.thresholds(false)),
                report, "acme/shop").getFirst().payload());
        assertThat(failed.at("/status/description").asText())
                .isEqualTo("1 of 2 thresholds failed: POST /cart:fail_ratio<1% (0.1000 (10.00%))");
    }

    @Test
    void aRunWorseThanItsBaselineFailsTheStatusAndTheCommentSaysWhat() {
        RunEvent e = SampleRuns.regressed(SampleRuns.event("run.finished", report, true, SampleRuns.thresholds(true)));
        assertThat(state(e)).isEqualTo("failure");
        List<Channel.Planned> p = plan(e, report, "acme/shop");
        JsonNode status = JSON.valueToTree(p.getFirst().payload());
        Fixtures.assertBodyFits("github/create-commit-status", status.get("status"));
        assertThat(status.at("/status/description").asText())
                .isEqualTo("Worse than the baseline: POST /cart p95 40 ms → 98 ms (+145 %)");
        String comment = JSON.valueToTree(p.getLast().payload()).get("body").asText();
        assertThat(comment).contains("📉 Load test regressed against its baseline",
                "**Against the baseline run** `0f6c0000-0000-4000-8000-000000000001`: 📉 1 number got worse",
                "- POST /cart p95 40 ms → 98 ms (+145 %)", "- new: GET /new");
    }

    private String state(RunEvent e) {
        List<Channel.Planned> p = plan(e, report, "acme/shop");
        JsonNode status = JSON.valueToTree(p.getFirst().payload());
        Fixtures.assertBodyFits("github/create-commit-status", status.get("status"));
        assertThat(status.at("/status/description").asText().length()).isLessThanOrEqualTo(140);
        return status.at("/status/state").asText();
    }

    @Test
    void theCommentHasItsMarkersTheTableAndTheThresholds() {
        RunEvent e = SampleRuns.event("run.finished", report, false, SampleRuns.thresholds(false));
        List<Channel.Planned> p = plan(e, report, "ACME/Shop");
        assertThat(p).extracting(Channel.Planned::action).containsExactly("commit-status", "pr-comment");
        JsonNode comment = JSON.valueToTree(p.get(1).payload());
        assertThat(p.get(1).orderingKey()).isEqualTo("github:comment:acme/shop#7:" + e.projectId());
        String body = comment.get("body").asText();
        Fixtures.assertBodyFits("github/create-issue-comment", java.util.Map.of("body", body));
        assertThat(body).startsWith(GitHubComment.MARKER + "\n" + GitHubComment.projectMarker(e.projectId()) + "\n");
        assertThat(comment.get("marker").asText()).isEqualTo(GitHubComment.projectMarker(e.projectId()));
        assertThat(body).contains("### ❌ Load test failed its thresholds — shop");
        for (EndpointRow row : report.endpoints()) {
            assertThat(body).contains("| " + row.type() + " | " + row.name() + " | " + RunContext.count(row.requests()) + " | ");
        }
        assertThat(body).contains("|  | **Aggregated** | " + RunContext.count(report.aggregated().requests()) + " | ")
                .contains("| `POST /cart:fail_ratio<1%` | 0.1000 (10.00%) | ❌ **fail** |")
                .contains("[Open the full report](http://127.0.0.1:18090/runs/" + e.runId() + ")");
    }

    @Test
    void anotherRepositorysRunIsRecordedAsSkipped() {
        List<Channel.Planned> p = plan(SampleRuns.event("run.finished", report, true, List.of()), report, "acme/other");
        assertThat(p).hasSize(1);
        assertThat(p.getFirst().skipReason()).contains("acme/shop").contains("acme/other");
    }

    @Test
    void tableCellsCannotBreakTheTable() {
        assertThat(GitHubComment.cell("a|b\nc<!--")).isEqualTo("a\\|b c&lt;!--");
        assertThat(GitHubComment.code("p95<5|0`")).isEqualTo("p95<5\\|0'");
    }
}
