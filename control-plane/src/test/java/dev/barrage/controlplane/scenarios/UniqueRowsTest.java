package dev.barrage.controlplane.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rows each used once stay so across runners: a 45-row file fed to users on two runners reaches the target exactly
 * once per row (the target counts each row's id), and the report says that each runner's share ran out.
 */
@QuarkusTest
class UniqueRowsTest {
    static final String SCENARIO = """
            import dev.barrage.scenario.*;
            public class Accounts extends HttpUser {
                static final Feeder ACCOUNTS = Feeder.csv("accounts.csv", Feeder.Order.ONCE);
                @Task void login() {
                    client.get("/fast").name("login").header("X-Demo-Session", ACCOUNTS.next().get("id")).send();
                }
            }
            """;

    @Test
    void noRowIsHandedOutTwiceInTheWholeRun() throws Exception {
        String csv = "id,name\n" + IntStream.range(0, 45).mapToObj(i -> "acct-" + i + ",user " + i)
                .collect(Collectors.joining("\n")) + "\n";
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.as(Keycloak.DEMO).body(Map.of("fileName", "Accounts.java", "source", SCENARIO,
                "dataFiles", List.of(Map.of("name", "accounts.csv", "content", csv))))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201).extract().path("id");
        try (DemoTarget target = DemoTarget.start(0)) {
            Map<String, Object> body = Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 6, "spawnRate", 20, "duration", "20s", "runners", 2);
            io.restassured.response.Response started = Api.startRun(Keycloak.DEMO, project, body);
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            String run = started.path("id");
            String status = Api.awaitEnd(Keycloak.DEMO, run, java.time.Duration.ofSeconds(120)).getString("status");
            assertThat(status).isEqualTo("finished");

            // the target's own view: every row once, none twice, none missing
            Map<String, long[]> seen = target.sessions();
            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 45).mapToObj(i -> "acct-" + i).toList());
            assertThat(seen.values()).allSatisfy(s -> assertThat(s[2]).isEqualTo(1));

            JsonPath report = Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/report").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(report.getLong("aggregated.requests")).isEqualTo(45);
            String exceptions = report.getString("exceptions");
            // 45 rows striped over two runners: rows 0, 2, 4... (23) and rows 1, 3, 5... (22)
            assertThat(exceptions).contains("accounts.csv ran out of rows")
                    .contains("23 rows on runner 0 of 2 (of 45 in all)").contains("22 rows on runner 1 of 2 (of 45 in all)");
        }
    }
}
