package dev.barrage.controlplane.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.InfraServices;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stops for about ten seconds in the middle of a run: runners keep their reports and send them once
 * it is back, and the report counts every request the target received exactly once.
 */
@QuarkusTest
class BrokerRestartTest {
    /** With stopping and starting Kafka, the broker is away for about ten seconds. */
    static final Duration OUTAGE = Duration.ofSeconds(8);

    @Test
    void theRunnersBufferAndNothingIsLostOrCountedTwice() throws Exception {
        String token = Keycloak.token(Keycloak.DEMO);
        try (FaultRun run = FaultRun.start(Map.of("users", 3, "spawnRate", 20, "duration", "20s", "stopTimeout", "10s"))) {
            run.awaitCounted(50);
            try {
                assertThat(InfraServices.run("down", "kafka").exitCode()).isZero();
                run.holdFault(OUTAGE);
                // the API does not need the broker to answer
                given().auth().oauth2(token).get("/api/runs/" + run.runId).then().statusCode(200);
            } finally {
                assertThat(InfraServices.run("up", "kafka").exitCode()).isZero();
            }

            JsonNode ended = run.awaitEnd();
            assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("finished");
            assertThat(run.report().at("/aggregated/requests").asLong()).as("no report lost, none counted twice")
                    .isEqualTo(run.targetTotal());
            assertThat(ended.get("runnerStates").get(0).get("status").asText()).isEqualTo("stopped");
        }
    }
}
