package dev.barrage.controlplane.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.InfraServices;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.RunEndToEndTest;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stops for about ten seconds in the middle of a run: runners keep their reports and send them once
 * it is back, and the report counts every request the target received exactly once.
 */
@QuarkusTest
class BrokerRestartTest {

    @Test
    void theRunnersBufferAndNothingIsLostOrCountedTwice() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Checkout.java", RunEndToEndTest.SCENARIO);
        String token = Keycloak.token(Keycloak.DEMO);
        try (DemoTarget target = DemoTarget.start(0)) {
            String runId = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version,
                            "host", target.uri().toString(), "users", 3, "spawnRate", 20, "duration", "20s",
                            "stopTimeout", "10s")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
            long deadline = System.currentTimeMillis() + 60_000;
            while (!"running".equals(Api.as(Keycloak.DEMO).get("/api/runs/" + runId).then().extract().path("status"))) {
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                Thread.sleep(200);
            }
            Thread.sleep(2000);
            try {
                assertThat(InfraServices.run("down", "kafka").exitCode()).isZero();
                Thread.sleep(8000);
                // the API does not need the broker to answer
                given().auth().oauth2(token).get("/api/runs/" + runId).then().statusCode(200);
            } finally {
                assertThat(InfraServices.run("up", "kafka").exitCode()).isZero();
            }

            JsonNode run = null;
            deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline) {
                var r = Api.as(Keycloak.DEMO).get("/api/runs/" + runId);
                if (r.statusCode() == 200) {
                    run = new ObjectMapper().readTree(r.asString());
                    if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
            JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
            long serverTotal = target.counts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(report.at("/aggregated/requests").asLong()).as("no report lost, none counted twice")
                    .isEqualTo(serverTotal);
            assertThat(run.get("runnerStates").get(0).get("status").asText()).isEqualTo("stopped");
        }
    }
}
