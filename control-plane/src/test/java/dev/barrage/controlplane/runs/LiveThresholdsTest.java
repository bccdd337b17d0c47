package dev.barrage.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A platform run's thresholds are followed by the aggregator report by report: a sliding-window threshold fails on
 * its first failing window, and an aborting one stops the run once past its grace, with the reason on the run; the live
 * stream shows the thresholds as they stand while the run runs.
 */
@QuarkusTest
class LiveThresholdsTest {
    static final String SLOW = """
            import dev.barrage.scenario.*;
            public class Slow extends HttpUser {
                @Task void call() { client.get("/slow?ms=30").name("slow").send(); }
            }
            """;

    @Test
    void anAbortingWindowedThresholdStopsTheRunAndTheReportSaysWhere() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Slow.java", SLOW);
        try (DemoTarget target = DemoTarget.start(0)) {
            Map<String, Object> body = Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 2, "spawnRate", 10, "duration", "60s",
                    "thresholds", List.of("median<5ms over 2s abort after 3s", "p99<5s over 2s", "fail_ratio<0.5"));
            io.restassured.response.Response started = Api.startRun(Keycloak.DEMO, project, body);
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            List<com.fasterxml.jackson.databind.JsonNode> live = Api.followLive(Keycloak.DEMO, started.path("id"));
            JsonPath view = Api.awaitEnd(Keycloak.DEMO, started.path("id"), java.time.Duration.ofSeconds(90));
            assertThat(view.getString("status")).as(view.prettify()).isEqualTo("stopped");
            assertThat(view.getString("statusReason")).contains("threshold median<5ms over 2s abort after 3s failed");

            JsonPath report = Api.as(Keycloak.DEMO).get("/api/runs/" + view.getString("id") + "/report").then().statusCode(200)
                    .extract().jsonPath();
            double seconds = (report.getLong("run.endEpochMillis") - report.getLong("run.startEpochMillis")) / 1000.0;
            assertThat(seconds).as("stopped long before its 60 s").isLessThan(40);
            List<Map<String, Object>> thresholds = report.getList("thresholds");
            assertThat(thresholds).hasSize(3);
            // the target sleeps 30 ms per request: no window's median can be under 5 ms
            assertThat(thresholds.get(0).get("passed")).isEqualTo(false);
            assertThat(((Number) thresholds.get(0).get("actual")).doubleValue()).isGreaterThanOrEqualTo(30.0);
            assertThat((String) thresholds.get(0).get("actualText")).contains("in the 2 s window ending at");
            assertThat(thresholds.get(1).get("passed")).isEqualTo(true);
            assertThat((String) thresholds.get(1).get("actualText")).startsWith("worst 2 s: ");
            assertThat(thresholds.get(2).get("passed")).isEqualTo(true);

            // the run page's live view: while the run ran, the stream said the aborting threshold was failing
            var failingLive = live.stream().filter(e -> e.path("status").asText().equals("running"))
                    .map(e -> e.path("thresholds").path(0))
                    .filter(t -> !t.path("passed").asBoolean(true) && t.path("actual").isNumber()).findFirst();
            assertThat(failingLive).as("a live update with the aborting threshold failing, before the run stopped: "
                    + live).isPresent();
            assertThat(failingLive.get().path("actual").asDouble()).isGreaterThanOrEqualTo(30.0);
            assertThat(live.getLast().path("thresholds")).as("the last update carries the final verdicts").hasSize(3);
        }
    }
}
