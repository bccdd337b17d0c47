package dev.barrage.controlplane.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real runs of one pull request with Slack, Datadog and GitHub configured, each against its stand-in: every
 * request has its documented shape; each run gives one pending and one final commit status, one Slack message, a
 * Datadog series equal to the run's time series and an event; the pull request keeps one comment of ours, edited by
 * the second run, beside someone else's.
 */
@QuarkusTest
class IntegrationsEndToEndTest {
    static final String SCENARIO = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            public class Browse extends HttpUser {
                @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(50)); }
                @Task(3) void item() { client.get("/items/" + (System.nanoTime() % 100)).name("/items/[id]").send(); }
                @Task void fast() { client.get("/fast").send(); }
            }
            """;
    private static final String DD_KEY = "dd0123456789abcdef0123456789e2e0";
    private static final String SHA1 = "1111111111111111111111111111111111111111";
    private static final String SHA2 = "2222222222222222222222222222222222222222";

    static DemoTarget target;

    @BeforeAll
    static void startTarget() throws Exception {
        target = DemoTarget.start(0);
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void aPullRequestsRunsReachGitHubSlackAndDatadogAndTheCommentIsEditedNotRepeated() throws Exception {
        StandIns.GitHub github = new StandIns.GitHub("ghp_e2e_token");
        try (StandIn slack = StandIns.slack(); StandIn datadog = StandIns.datadog(DD_KEY); StandIn gh = github.server) {
            String project = Api.newProject(Keycloak.DEMO);
            String projectName = Api.as(Keycloak.DEMO).get("/api/projects/" + project).then().extract().path("name");
            String version = Api.upload(Keycloak.DEMO, project, "Browse.java", SCENARIO);
            String base = "/api/projects/" + project + "/integrations/";
            Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", slack.uri() + StandIns.SLACK_WEBHOOK_PATH)).put(base + "slack")
                    .then().statusCode(200);
            Api.as(Keycloak.DEMO).body(Map.of("apiKey", DD_KEY, "site", "datadoghq.com", "apiUrl", datadog.uri().toString()))
                    .put(base + "datadog").then().statusCode(200);
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_e2e_token", "repository", "acme/shop",
                    "apiUrl", gh.uri().toString())).put(base + "github").then().statusCode(200);
            github.addComment("acme/shop", 7, "Looks good to me; let us see the load test.");

            // first run: thresholds pass
            String run1 = start(project, version, SHA1, List.of("p99<10s", "fail_ratio<0.5"));
            JsonNode ended1 = awaitEnd(run1);
            assertThat(ended1.get("status").asText()).as(ended1.toString()).isEqualTo("finished");
            assertThat(ended1.get("thresholdsPassed").asBoolean()).isTrue();
            JsonNode deliveries1 = settled(run1);
            assertThat(deliveries1).extracting(d -> d.get("status").asText()).as(deliveries1.toString()).containsOnly("delivered");

            assertThat(statuses(github, SHA1)).containsExactly("pending", "success");
            JsonNode success = github.statuses.get(1);
            assertThat(success.get("context").asText()).isEqualTo("barrage/" + projectName);
            assertThat(success.get("target_url").asText()).endsWith("/runs/" + run1);
            List<StandIns.GitHub.Comment> comments = ours(github);
            assertThat(comments).hasSize(1);
            assertThat(comments.getFirst().body()).contains("Load test passed", "run `" + run1 + "`");
            assertThat(github.comments).hasSize(2);

            assertThat(slack.requests("slack/incoming-webhook")).hasSize(1);
            assertThat(slack.requests().getFirst().json().get("text").asText()).startsWith("Load test passed — " + projectName);

            JsonNode report1 = StandIn.JSON.readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + run1 + "/report").asString());
            assertSeriesIsTheReports(datadog, run1, report1);
            List<StandIn.Recorded> events = datadog.requests("datadog/post-event-v1");
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().json().get("alert_type").asText()).isEqualTo("success");

            // second run of the same pull request, a later commit: a threshold fails
            String run2 = start(project, version, SHA2, List.of("p50<0.001ms"));
            JsonNode ended2 = awaitEnd(run2);
            assertThat(ended2.get("thresholdsPassed").asBoolean()).isFalse();
            assertThat(ended2.at("/thresholdResults/0/passed").asBoolean()).isFalse();
            JsonNode deliveries2 = settled(run2);
            assertThat(deliveries2).extracting(d -> d.get("status").asText()).containsOnly("delivered");

            assertThat(statuses(github, SHA2)).containsExactly("pending", "failure");
            assertThat(statuses(github, SHA1)).containsExactly("pending", "success");
            List<StandIns.GitHub.Comment> edited = ours(github);
            assertThat(edited).hasSize(1);
            assertThat(edited.getFirst().id()).isEqualTo(comments.getFirst().id());
            assertThat(edited.getFirst().body()).contains("Load test failed its thresholds", "run `" + run2 + "`",
                    "| `p50<0.001ms` |", "❌ **fail**").doesNotContain(run1);
            assertThat(github.comments).hasSize(2);
            assertThat(gh.requests("github/create-issue-comment")).hasSize(1);
            assertThat(gh.requests("github/update-issue-comment")).hasSize(1);

            assertThat(slack.requests("slack/incoming-webhook")).hasSize(2);
            assertThat(slack.requests().get(1).json().get("text").asText()).startsWith("Load test failed its thresholds");
            assertThat(datadog.requests("datadog/post-event-v1")).hasSize(2);
            assertThat(datadog.requests("datadog/post-event-v1").get(1).json().get("alert_type").asText()).isEqualTo("error");

            assertThat(slack.violations()).isEmpty();
            assertThat(datadog.violations()).isEmpty();
            assertThat(gh.violations()).isEmpty();
        }
    }

    private String start(String project, String version, String sha, List<String> thresholds) {
        return Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                        "users", 4, "spawnRate", 20, "duration", "3s", "tags", List.of("e2e", "Team:Perf"),
                        "thresholds", thresholds,
                        "git", Map.of("repository", "acme/shop", "branch", "feature/cart", "commit", sha, "pullRequest", 7)))
                .post("/api/projects/" + project + "/runs").then().statusCode(201).extract().path("id");
    }

    private static List<String> statuses(StandIns.GitHub github, String sha) {
        return github.server.requests("github/create-commit-status").stream()
                .filter(r -> r.path().endsWith("/statuses/" + sha)).map(r -> r.json().get("state").asText()).toList();
    }

    private static List<StandIns.GitHub.Comment> ours(StandIns.GitHub github) {
        return github.comments.values().stream().filter(c -> c.body().contains("<!-- barrage -->")).toList();
    }

    /**
     * Every point sent to Datadog is a row of the report's time series, and every row is there: the same requests
     * and failures per second, interval percentiles and users, at the row's second, tagged with its endpoint.
     */
    private static void assertSeriesIsTheReports(StandIn datadog, String runId, JsonNode report) {
        Map<String, List<Double>> sent = new HashMap<>();
        for (StandIn.Recorded r : datadog.requests("datadog/submit-metrics-v2")) {
            for (JsonNode s : r.json().get("series")) {
                List<String> tags = new ArrayList<>();
                s.get("tags").forEach(t -> tags.add(t.asText()));
                assertThat(tags).contains("run:" + runId, "e2e", "team:perf");
                String endpoint = tags.stream().filter(t -> t.startsWith("endpoint:")).findFirst().orElseThrow();
                String method = tags.stream().filter(t -> t.startsWith("method:")).findFirst().orElse("");
                for (JsonNode p : s.get("points")) {
                    sent.computeIfAbsent(s.get("metric").asText() + "|" + endpoint + "|" + method + "|"
                            + p.get("timestamp").asLong(), k -> new ArrayList<>()).add(p.get("value").asDouble());
                }
            }
        }
        Set<String> expected = new HashSet<>();
        assertThat(report.get("history").size()).isGreaterThan(2);
        for (JsonNode row : report.get("history")) {
            boolean aggregated = row.get("key").isNull();
            String endpoint = aggregated ? "endpoint:aggregated" : tag("endpoint:" + row.at("/key/name").asText());
            String method = aggregated ? "" : tag("method:" + row.at("/key/type").asText());
            long second = row.get("epochMillis").asLong() / 1000;
            Map<String, Double> values = new HashMap<>(Map.of(
                    "barrage.requests_per_second", row.get("currentRps").asDouble(),
                    "barrage.failures_per_second", row.get("currentFailuresPerSecond").asDouble(),
                    "barrage.response_time.p50", row.get("intervalP50Millis").asDouble(),
                    "barrage.response_time.p95", row.get("intervalP95Millis").asDouble(),
                    "barrage.response_time.p99", row.get("intervalP99Millis").asDouble()));
            if (aggregated) {
                values.put("barrage.users", row.get("users").asDouble());
            }
            values.forEach((metric, value) -> {
                String key = metric + "|" + endpoint + "|" + method + "|" + second;
                expected.add(key);
                assertThat(sent.get(key)).as(key).isNotNull().contains(value);
            });
        }
        assertThat(sent.keySet()).isEqualTo(expected);
    }

    private static String tag(String raw) {
        return raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_\\-:./]", "_");
    }

    private static JsonNode awaitEnd(String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = Api.as(Keycloak.DEMO).get("/api/runs/" + runId).then().statusCode(200).extract().asString();
            JsonNode run = StandIn.JSON.readTree(last);
            if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                return run;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("run " + runId + " did not end: " + last);
    }

    /** The run's deliveries once the last one (the Datadog event) is done and none is open. */
    private static JsonNode settled(String runId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode list = null;
        while (System.nanoTime() < deadline) {
            list = StandIn.JSON.readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/deliveries").asString());
            boolean open = false;
            boolean event = false;
            for (JsonNode d : list) {
                open |= List.of("pending", "sending").contains(d.get("status").asText());
                event |= d.get("action").asText().equals("event");
            }
            if (event && !open) {
                return list;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deliveries of " + runId + " did not settle: " + list);
    }
}
