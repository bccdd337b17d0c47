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
 * PostgreSQL stops for about ten seconds in the middle of a run: the API answers 503 problem+json meanwhile, the run
 * goes on, and once the database is back the run ends with every request counted.
 */
@QuarkusTest
class DatabaseOutageTest {
    /** With stopping and starting PostgreSQL, the database is away for about ten seconds. */
    static final Duration OUTAGE = Duration.ofSeconds(8);

    @Test
    void theApiSays503AndTheRunLosesNothing() throws Exception {
        String token = Keycloak.token(Keycloak.DEMO);
        try (FaultRun run = FaultRun.start(Map.of("users", 3, "spawnRate", 20, "duration", "14s", "stopTimeout", "10s"))) {
            run.awaitCounted(50);
            try {
                assertThat(InfraServices.run("down", "postgres").exitCode()).isZero();
                given().auth().oauth2(token).get("/api/projects/" + run.project).then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "5");
                run.holdFault(OUTAGE);
            } finally {
                assertThat(InfraServices.run("up", "postgres").exitCode()).isZero();
            }

            JsonNode ended = run.awaitEnd();
            assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("finished");
            assertThat(run.report().at("/aggregated/requests").asLong()).isEqualTo(run.targetTotal());
        }
    }
}
