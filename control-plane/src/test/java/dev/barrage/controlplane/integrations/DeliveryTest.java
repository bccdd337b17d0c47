package dev.barrage.controlplane.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.runs.Run;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Delivery without real runs: events of runs written straight into the database go through the dispatcher to
 * stand-ins told to refuse, rate-limit or stall. Retries follow Retry-After or back off, give up after the bound,
 * keep a commit status behind the one before it, and never hold up the caller; each outcome is listed on the run.
 * (In tests: 4 attempts, 200 ms before the second.)
 */
@QuarkusTest
class DeliveryTest {
    @Inject
    IntegrationDispatcher dispatcher;

    private static String project;
    private static UUID account;
    private static UUID version;

    private void setUp() {
        if (project == null) {
            project = Api.newProject(Keycloak.DEMO);
            account = UUID.fromString(Api.as(Keycloak.DEMO).get("/api/me").then().extract().path("currentAccount"));
            version = UUID.fromString(Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO));
        }
    }

    private String newProjectWith(String kind, Map<String, Object> settings) {
        setUp();
        String p = Api.newProject(Keycloak.DEMO);
        Api.as(Keycloak.DEMO).body(settings).put("/api/projects/" + p + "/integrations/" + kind).then().statusCode(200);
        return p;
    }

    /** A run as the database has it once it ended; no runner is started. */
    private static UUID endedRun(String projectId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run r = new Run();
            r.id = UUID.randomUUID();
            r.accountId = account;
            r.projectId = UUID.fromString(projectId);
            r.scenarioVersionId = version;
            r.status = "finished";
            r.targetHost = "http://127.0.0.1:1";
            r.users = 5;
            r.spawnRate = 5;
            r.durationSeconds = 10;
            r.runners = 1;
            r.tags = "";
            r.runTokenHash = "-";
            r.createdBy = "test";
            r.createdAt = OffsetDateTime.now();
            r.persist();
            return r.id;
        });
    }

    private static RunEvent event(String type, UUID run, String projectId, Boolean passed) {
        return new RunEvent(type, run, account, UUID.fromString(projectId), type.substring(4), null, "http://127.0.0.1:1",
                5, List.of(), new RunEvent.Git("acme/shop", "main", "abcdef0123456789abcdef0123456789abcdef01", 3),
                type.equals("run.started") ? null : new RunEvent.Summary(100, 1, 0.01, 10, 5, 9, 12, 6, 20),
                OffsetDateTime.now(), passed, List.of(), null);
    }

    /** The run's deliveries once none is pending or being sent. */
    private static JsonNode settled(UUID run, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode list = null;
        while (System.nanoTime() < deadline) {
            list = StandIn.JSON.valueToTree(Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/deliveries")
                    .then().statusCode(200).extract().as(List.class));
            boolean open = false;
            for (JsonNode d : list) {
                open |= List.of("pending", "sending").contains(d.get("status").asText());
            }
            if (!list.isEmpty() && !open) {
                return list;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deliveries of " + run + " did not settle: " + list);
    }

    @Test
    void aRateLimitedMessageWaitsAsToldThenArrives() throws Exception {
        try (StandIn slack = StandIns.slack()) {
            String p = newProjectWith("slack", Map.of("webhookUrl", slack.uri() + StandIns.SLACK_WEBHOOK_PATH));
            UUID run = endedRun(p);
            slack.answerNext(new StandIn.Answer(429, Map.of("Retry-After", "1"), "rate_limited"));
            dispatcher.handle(event("run.finished", run, p, true));

            JsonNode d = settled(run, Duration.ofSeconds(20)).get(0);
            assertThat(d.get("integration").asText()).isEqualTo("slack");
            assertThat(d.get("action").asText()).isEqualTo("message");
            assertThat(d.get("event").asText()).isEqualTo("run.finished");
            assertThat(d.get("status").asText()).isEqualTo("delivered");
            assertThat(d.get("attempts").asInt()).isEqualTo(2);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
            List<StandIn.Recorded> sent = slack.requests();
            assertThat(sent).hasSize(2);
            assertThat(sent.get(1).atMillis() - sent.get(0).atMillis()).isBetween(1000L, 4000L);
            assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
            assertThat(slack.violations()).isEmpty();

            // the list never shows the webhook's secret path; another account does not see it at all
            assertThat(Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/deliveries").asString())
                    .doesNotContain("XXXXXXXX").doesNotContain("/services/");
            Api.as(Keycloak.OTHER_TENANT).get("/api/runs/" + run + "/deliveries").then().statusCode(404);
        }
    }

    @Test
    void serverErrorsAreTriedAgainLaterAndLaterThenGivenUp() throws Exception {
        try (StandIn slack = StandIns.slack()) {
            String p = newProjectWith("slack", Map.of("webhookUrl", slack.uri() + StandIns.SLACK_WEBHOOK_PATH));
            UUID run = endedRun(p);
            StandIn.Answer down = new StandIn.Answer(500, Map.of(), "internal_error");
            slack.answerNext(down, down, down, down, down);
            dispatcher.handle(event("run.finished", run, p, true));

            JsonNode d = settled(run, Duration.ofSeconds(20)).get(0);
            assertThat(d.get("status").asText()).isEqualTo("failed");
            assertThat(d.get("attempts").asInt()).isEqualTo(4);
            assertThat(d.get("detail").asText()).isEqualTo("gave up after 4 attempts; the last: POST 127.0.0.1 answered 500: internal_error");
            List<StandIn.Recorded> sent = slack.requests();
            assertThat(sent).hasSize(4);
            // backoff 200 ms, 400 ms, 800 ms, each between half and all of it
            assertThat(sent.get(1).atMillis() - sent.get(0).atMillis()).isBetween(100L, 1500L);
            assertThat(sent.get(3).atMillis() - sent.get(2).atMillis()).isBetween(400L, 2500L);
        }
    }

    @Test
    void aRefusalIsFinalAndAnswersAtOnce() throws Exception {
        try (StandIn slack = StandIns.slack()) {
            String p = newProjectWith("slack", Map.of("webhookUrl", slack.uri() + StandIns.SLACK_WEBHOOK_PATH));
            UUID run = endedRun(p);
            slack.answerNext(new StandIn.Answer(410, Map.of(), "channel_is_archived"));
            dispatcher.handle(event("run.failed", run, p, null));
            JsonNode d = settled(run, Duration.ofSeconds(10)).get(0);
            assertThat(d.get("status").asText()).isEqualTo("failed");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("detail").asText()).isEqualTo("POST 127.0.0.1 answered 410: channel_is_archived");
            assertThat(slack.requests()).hasSize(1);
        }
    }

    @Test
    void theFinalStatusWaitsForThePendingOneBeforeIt() throws Exception {
        StandIns.GitHub github = new StandIns.GitHub("ghp_order");
        try (StandIn server = github.server) {
            String p = newProjectWith("github", Map.of("token", "ghp_order", "repository", "acme/shop",
                    "apiUrl", server.uri().toString()));
            UUID run = endedRun(p);
            StandIn.Answer unavailable = StandIn.Answer.json(503, Map.of("message", "Service Unavailable"));
            server.answerNext("github/create-commit-status", unavailable, unavailable);
            dispatcher.handle(event("run.started", run, p, null));
            dispatcher.handle(event("run.finished", run, p, true));

            JsonNode list = settled(run, Duration.ofSeconds(20));
            assertThat(list).extracting(d -> d.get("status").asText()).containsExactly("delivered", "delivered", "delivered");
            assertThat(list).extracting(d -> d.get("action").asText()).containsExactly("commit-status", "commit-status", "pr-comment");
            assertThat(list.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(server.requests("github/create-commit-status")).extracting(r -> r.json().get("state").asText())
                    .containsExactly("pending", "pending", "pending", "success");
            assertThat(github.statuses).extracting(s -> s.get("state").asText()).containsExactly("pending", "success");
            assertThat(server.violations()).isEmpty();
        }
    }

    @Test
    void aStartThatArrivesAfterTheEndIsIgnored() throws Exception {
        StandIns.GitHub github = new StandIns.GitHub("ghp_late");
        try (StandIn server = github.server) {
            String p = newProjectWith("github", Map.of("token", "ghp_late", "repository", "acme/shop",
                    "apiUrl", server.uri().toString()));
            UUID run = endedRun(p);
            dispatcher.handle(event("run.finished", run, p, false));
            dispatcher.handle(event("run.started", run, p, null));
            settled(run, Duration.ofSeconds(10));
            assertThat(github.statuses).extracting(s -> s.get("state").asText()).containsExactly("failure");
        }
    }

    @Test
    void aStalledServiceHoldsUpNeitherTheRunNorTheOtherIntegrations() throws Exception {
        StandIns.GitHub github = new StandIns.GitHub("ghp_stall");
        try (StandIn slow = StandIn.start("Slack", List.of("slack/incoming-webhook"), r -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new StandIn.Answer(200, Map.of(), "ok");
                });
                StandIn server = github.server) {
            String p = newProjectWith("slack", Map.of("webhookUrl", slow.uri() + StandIns.SLACK_WEBHOOK_PATH));
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_stall", "repository", "acme/shop",
                    "apiUrl", server.uri().toString())).put("/api/projects/" + p + "/integrations/github").then().statusCode(200);
            UUID run = endedRun(p);

            long start = System.nanoTime();
            dispatcher.handle(event("run.finished", run, p, true));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            // Slack takes 3 s to answer; GitHub is served before that
            long deadline = System.currentTimeMillis() + 2500;
            while (github.statuses.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(github.statuses).as("GitHub was served while Slack stalled").hasSize(1);
            JsonNode list = settled(run, Duration.ofSeconds(15));
            assertThat(list).extracting(d -> d.get("status").asText()).containsOnly("delivered");
            assertThat(slow.requests()).hasSize(1);
        }
    }

    @Test
    void aDeliveryOfARemovedIntegrationIsNotSent() throws Exception {
        try (StandIn slack = StandIns.slack()) {
            String p = newProjectWith("slack", Map.of("webhookUrl", slack.uri() + StandIns.SLACK_WEBHOOK_PATH));
            UUID run = endedRun(p);
            slack.answerNext(new StandIn.Answer(503, Map.of("Retry-After", "2"), ""));
            dispatcher.handle(event("run.finished", run, p, true));
            long deadline = System.currentTimeMillis() + 5000;
            while (slack.requests().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Api.as(Keycloak.DEMO).delete("/api/projects/" + p + "/integrations/slack").then().statusCode(204);
            JsonNode d = settled(run, Duration.ofSeconds(10)).get(0);
            assertThat(d.get("status").asText()).isEqualTo("failed");
            assertThat(d.get("detail").asText()).isEqualTo("the Slack integration was removed before this was sent");
            assertThat(slack.requests()).hasSize(1);
        }
    }
}
