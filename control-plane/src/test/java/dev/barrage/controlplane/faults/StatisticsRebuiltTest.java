package dev.barrage.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.stats.RunAggregator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The control plane loses a run's statistics mid-run, as a restart (or a partition moving to another instance) does:
 * the next record of the run makes it rebuild them from Kafka, and the report still equals the target's own counts.
 * (A restart of the whole process takes the same path: the first record after it finds the run not held;
 * {@link ControlPlaneRestartIT} kills the packaged control plane for real.)
 */
@QuarkusTest
class StatisticsRebuiltTest {
    @Inject
    RunAggregator aggregator;

    @Test
    void aRunWhoseStatisticsWereLostIsRebuiltFromKafka() throws Exception {
        try (FaultRun run = FaultRun.start(Map.of("users", 4, "spawnRate", 20, "duration", "8s", "stopTimeout", "10s",
                "runners", 2))) {
            run.awaitCounted(100); // several intervals of both runners are in before the loss
            aggregator.forget(UUID.fromString(run.runId));

            JsonNode ended = run.awaitEnd();
            assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("finished");
            JsonNode report = run.report();
            assertThat(report.at("/aggregated/requests").asLong()).as("requests after the rebuild")
                    .isEqualTo(run.targetTotal());
            assertThat(report.at("/aggregated/failures").asLong()).isEqualTo(run.target.statusCounts().get("GET /flaky 500"));
        }
    }
}
