package dev.barrage.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform's report carries the same findings as the runner's: a run with two runners ramping past a target that
 * serves 6 requests at a time of 100 ms each (at most 60 req/s, reached at 6 users, a little more with each user's own
 * client time) finds the knee there.
 */
@QuarkusTest
class ReportFindingsTest {
    static final String SATURATE = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            public class Saturate extends HttpUser {
                @Override protected WaitTime waitTime() { return constant(Duration.ZERO); }
                @Task void call() { client.get("/capacity?slots=6&ms=100").send(); }
            }
            """;

    @Test
    void theKneeOfARunOnTwoRunnersIsInItsReport() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Saturate.java", SATURATE);
        try (DemoTarget target = DemoTarget.start(0)) {
            Map<String, Object> body = Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 16, "spawnRate", 1, "duration", "18s", "runners", 2);
            io.restassured.response.Response started = Api.startRun(Keycloak.DEMO, project, body);
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            String run = started.path("id");
            String status = Api.awaitEnd(Keycloak.DEMO, run, java.time.Duration.ofSeconds(120)).getString("status");
            assertThat(status).isEqualTo("finished");
            JsonPath report = Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/report").then().statusCode(200)
                    .extract().jsonPath();
            List<Map<String, Object>> knees = report.getList("findings.findAll { it.kind == 'knee' }");
            assertThat(knees).as(report.getString("findings")).hasSize(1);
            Map<String, Object> knee = knees.getFirst();
            assertThat(((Number) knee.get("users")).intValue()).as("users at the knee: 6, up to 2 more for the client's "
                    + "own time").isBetween(5, 8);
            assertThat(((Number) knee.get("rps")).doubleValue()).as("req/s at the knee: 60 ± 10 %")
                    .isCloseTo(60, within(6.0));
            assertThat(report.getList("findings.findAll { it.kind == 'failureJump' }")).isEmpty();
            String html = Api.as(Keycloak.DEMO).accept("text/html").get("/api/runs/" + run + "/report?format=html")
                    .then().statusCode(200).extract().asString();
            assertThat(html).contains("<h2>Findings</h2>", "Throughput stopped rising at " + knee.get("users") + " users");
        }
    }
}
