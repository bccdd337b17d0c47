package dev.barrage.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.RunEndToEndTest;
import dev.barrage.controlplane.stats.RunAggregator;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The control plane loses a run's statistics mid-run, as a restart (or a partition moving to another instance) does:
 * the next record of the run makes it rebuild them from Kafka, and the report still equals the target's own counts.
 * (A restart of the whole process takes the same path: the first record after it finds the run not held.)
 */
@QuarkusTest
class StatisticsRebuiltTest {
    @Inject
    RunAggregator aggregator;

    @Test
    void aRunWhoseStatisticsWereLostIsRebuiltFromKafka() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Checkout.java", RunEndToEndTest.SCENARIO);
        try (DemoTarget target = DemoTarget.start(0)) {
            String runId = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version,
                            "host", target.uri().toString(), "users", 4, "spawnRate", 20, "duration", "8s",
                            "stopTimeout", "10s", "runners", 2)).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
            long deadline = System.currentTimeMillis() + 60_000;
            while (!"running".equals(Api.as(Keycloak.DEMO).get("/api/runs/" + runId).then().extract().path("status"))) {
                assertThat(System.currentTimeMillis()).isLessThan(deadline);
                Thread.sleep(200);
            }
            Thread.sleep(4000);
            aggregator.forget(UUID.fromString(runId));

            JsonNode run = null;
            deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline) {
                run = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId).asString());
                if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
            JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
            long serverTotal = target.counts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(report.at("/aggregated/requests").asLong()).as("requests after the rebuild").isEqualTo(serverTotal);
            assertThat(report.at("/aggregated/failures").asLong()).isEqualTo(target.statusCounts().get("GET /flaky 500"));
        }
    }
}
