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
 * once per row (the target counts each row's id), and the report says that each runner's share ran out. With
 * {@code WhenExhausted.STOP_RUN}, one runner's share running out stops every runner.
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

    /** One buyer (user 0, on runner 0) takes rows; one browser (user 1, on runner 1) never does. */
    static final String STOP_RUN_SCENARIO = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            public class Shop {
                static final Feeder ACCOUNTS = Feeder.csv("accounts.csv", Feeder.Order.ONCE, Feeder.WhenExhausted.STOP_RUN);
                @FixedCount(1) public static class Buyer extends HttpUser {
                    @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(100)); }
                    @Task void buy() {
                        client.get("/fast").name("buy").header("X-Demo-Session", ACCOUNTS.next().get("id")).send();
                    }
                }
                public static class Browser extends HttpUser {
                    @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(100)); }
                    @Task void browse() { client.get("/fast").name("browse").send(); }
                }
            }
            """;

    @Test
    void rowsRunningOutOnOneRunnerStopTheWholeRunWhenTheScenarioSaysSo() throws Exception {
        String csv = "id\n" + IntStream.range(0, 20).mapToObj(i -> "acct-" + i).collect(Collectors.joining("\n")) + "\n";
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.as(Keycloak.DEMO).body(Map.of("fileName", "Shop.java", "source", STOP_RUN_SCENARIO,
                "dataFiles", List.of(Map.of("name", "accounts.csv", "content", csv))))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201).extract().path("id");
        try (DemoTarget target = DemoTarget.start(0)) {
            Map<String, Object> body = Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 2, "spawnRate", 10, "duration", "90s", "runners", 2,
                    "stopTimeout", "5s"); // the last calls under way are recorded too
            io.restassured.response.Response started = Api.startRun(Keycloak.DEMO, project, body);
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            JsonPath view = Api.awaitEnd(Keycloak.DEMO, started.path("id"), java.time.Duration.ofSeconds(60));
            assertThat(view.getString("status")).as(view.prettify()).isEqualTo("stopped");
            assertThat(view.getString("statusReason")).as("the buyer's runner said why")
                    .startsWith("runner 0: ").contains("accounts.csv ran out of rows", "the run stops");
            assertThat(view.getList("runnerStates.status", String.class)).containsOnly("stopped");

            // the buyer's share, rows 0, 2, ..., 18, each once; the browser on runner 1 stopped long before its 90 s
            Map<String, long[]> seen = target.sessions();
            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 10).mapToObj(i -> "acct-" + (2 * i)).toList());
            JsonPath report = Api.as(Keycloak.DEMO).get("/api/runs/" + view.getString("id") + "/report").then()
                    .statusCode(200).extract().jsonPath();
            double seconds = (report.getLong("run.endEpochMillis") - report.getLong("run.startEpochMillis")) / 1000.0;
            assertThat(seconds).as("the whole run stopped when the rows ran out (about 1 s in)").isLessThan(30);
            assertThat(report.getLong("endpoints.find { it.name == 'browse' }.requests"))
                    .isEqualTo(target.counts().get("GET /fast") - 10);
        }
    }
}
