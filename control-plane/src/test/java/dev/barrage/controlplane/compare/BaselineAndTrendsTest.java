package dev.barrage.controlplane.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three runs of one project on two versions of its scenario: A (search served in 20 ms), then B (search served in
 * 150 ms, and a new "item" call) and C (A again) judged against A as the baseline. Every count is the demo target's
 * own count of what it served in that run; the latencies are the target's sleeps.
 */
@QuarkusTest
class BaselineAndTrendsTest {
    static String shop(int searchMillis, boolean item) {
        return """
                import dev.barrage.scenario.*;
                import java.time.Duration;
                public class Shop extends HttpUser {
                    @Override protected WaitTime waitTime() { return constantPacing(Duration.ofMillis(400)); }
                    @Task void visit() {
                        client.get("/fast").name("home").send();
                        client.get("/slow?ms=%d").name("search").send();
                        %s
                    }
                }
                """.formatted(searchMillis, item ? "client.get(\"/items/7\").name(\"item\").send();" : "");
    }

    /** A finished run's id and what the target served during it ("GET /slow" → count). */
    record Ran(String id, Map<String, Long> served) {}

    static Ran run(String project, String version) throws Exception {
        try (DemoTarget target = DemoTarget.start(0)) {
            Map<String, Object> body = Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 4, "spawnRate", 4, "duration", "6s",
                    "stopTimeout", "5s"); // users finish the visit under way: every request served is recorded
            var started = Api.startRun(Keycloak.DEMO, project, body);
            assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
            String id = started.path("id");
            assertThat(Api.awaitEnd(Keycloak.DEMO, id, Duration.ofSeconds(120)).getString("status")).isEqualTo("finished");
            return new Ran(id, new HashMap<>(target.counts()));
        }
    }

    @Test
    void runsAreAlignedByEndpointTrendedAndJudgedAgainstTheBaseline() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String v1 = Api.upload(Keycloak.DEMO, project, "Shop.java", shop(20, false));
        String v2 = Api.upload(Keycloak.DEMO, project, "Shop.java", shop(150, true));
        Ran a = run(project, v1);

        // no baseline yet; a run in another state, or of another project, cannot be one
        // no baseline yet: an ordinary answer, not a 404 (the console asks on every run page)
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/baseline").then().statusCode(200)
                .body("projectId", org.hamcrest.Matchers.equalTo(project))
                .body("runId", org.hamcrest.Matchers.nullValue()).body("run", org.hamcrest.Matchers.nullValue())
                .body("tolerance", org.hamcrest.Matchers.nullValue());
        // another account's project, or none at all, is still a 404
        Api.as(Keycloak.OTHER_TENANT).get("/api/projects/" + project + "/baseline").then().statusCode(404)
                .contentType("application/problem+json");
        String other = Api.newProject(Keycloak.DEMO);
        Api.as(Keycloak.DEMO).body(Map.of("runId", a.id())).put("/api/projects/" + other + "/baseline")
                .then().statusCode(400).contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("runId"));
        Api.as(Keycloak.DEMO).body(Map.of("runId", a.id(), "relative", -1)).put("/api/projects/" + project + "/baseline")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("relative"));

        // the baseline, with a tolerance wide enough that a repeat of A is the same: 100 % and 50 ms
        JsonPath set = Api.as(Keycloak.DEMO).body(Map.of("runId", a.id(), "relative", 1.0, "absoluteMillis", 50))
                .put("/api/projects/" + project + "/baseline").then().statusCode(200).extract().jsonPath();
        assertThat(set.getString("run.id")).isEqualTo(a.id());
        assertThat(set.getString("runId")).isEqualTo(a.id());
        assertThat(set.getDouble("tolerance.relative")).isEqualTo(1.0);
        assertThat(set.getDouble("tolerance.failRatioPoints")).isEqualTo(Tolerance.DEFAULT.failRatioPoints());

        Ran b = run(project, v2);
        Ran c = run(project, v1);

        JsonPath viewB = Api.as(Keycloak.DEMO).get("/api/runs/" + b.id()).then().statusCode(200).extract().jsonPath();
        assertThat(viewB.getString("baseline.baselineRunId")).isEqualTo(a.id());
        assertThat(viewB.getBoolean("baseline.passed")).as(viewB.prettify()).isFalse();
        List<Map<String, Object>> regressions = viewB.getList("baseline.regressions");
        Map<String, Object> p95 = regressions.stream()
                .filter(r -> r.get("endpoint").equals("GET search") && r.get("metric").equals("p95Millis"))
                .findFirst().orElseThrow(() -> new AssertionError(viewB.prettify()));
        assertThat(((Number) p95.get("baseline")).doubleValue()).as("A's search p95: the target sleeps 20 ms")
                .isBetween(20.0, 70.0);
        assertThat(((Number) p95.get("value")).doubleValue()).as("B's search p95: the target sleeps 150 ms")
                .isBetween(150.0, 250.0);
        // (home's p99 is left out: of ~150 calls it is the second slowest, a fresh runner JVM's first calls on a busy
        // machine, which a 2-core CI box can make 200 ms in either run)
        assertThat(regressions).as("home and every other call took as long as in A")
                .noneMatch(r -> r.get("endpoint").equals("GET home") && !r.get("metric").equals("p99Millis"));
        assertThat(viewB.getList("baseline.added", String.class)).containsExactly("GET item");
        assertThat(viewB.getList("baseline.missing")).isEmpty();

        JsonPath viewC = Api.as(Keycloak.DEMO).get("/api/runs/" + c.id()).then().statusCode(200).extract().jsonPath();
        assertThat(viewC.getBoolean("baseline.passed")).as(viewC.prettify()).isTrue();
        assertThat(viewC.getList("baseline.regressions")).isEmpty();

        // three runs side by side, B as the baseline this time: aligned by "TYPE name" across both versions
        JsonPath cmp = Api.as(Keycloak.DEMO).queryParam("runs", a.id() + "," + b.id() + "," + c.id())
                .queryParam("baseline", b.id()).get("/api/runs/compare").then().statusCode(200).extract().jsonPath();
        assertThat(cmp.getList("runs.id", String.class)).containsExactly(b.id(), a.id(), c.id());
        assertThat(cmp.getList("runs.scenarioVersion", Integer.class)).containsExactly(2, 1, 1);
        assertThat(cmp.getList("endpoints.name", String.class)).containsExactly("home", "item", "search");
        Ran[] order = {b, a, c};
        String[] routes = {"GET /fast", "GET /items/{id}", "GET /slow"};
        for (int e = 0; e < 3; e++) {
            for (int r = 0; r < 3; r++) {
                Long served = order[r].served().get(routes[e]);
                Object requests = cmp.get("endpoints[" + e + "].cells[" + r + "].numbers.requests");
                if (served == null) {
                    assertThat(requests).as(routes[e] + " in run " + r).isNull();
                } else {
                    assertThat(((Number) requests).longValue()).as(routes[e] + " in run " + r + ": the target's count")
                            .isEqualTo(served);
                }
            }
        }
        assertThat(cmp.getList("endpoints[0].cells[0].changes")).as("the baseline's own cell").isNull();
        assertThat(cmp.getList("regressions", Integer.class).getFirst()).isZero();
        assertThat(cmp.getString("endpoints[2].cells[1].changes.find { it.metric == 'p95Millis' }.verdict"))
                .as("A's search against B's").isEqualTo("improvement");

        // the trend: A, B, C oldest first; the item series has B's point only
        JsonPath trend = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/trends").then().statusCode(200)
                .extract().jsonPath();
        assertThat(trend.getList("runs.id", String.class)).containsExactly(a.id(), b.id(), c.id());
        assertThat(trend.getString("baselineRunId")).isEqualTo(a.id());
        assertThat(trend.getList("endpoints.name", String.class)).containsExactly("home", "item", "search");
        List<Long> searches = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            searches.add(trend.getLong("endpoints[2].points[" + r + "].requests"));
        }
        assertThat(searches).containsExactly(a.served().get("GET /slow"), b.served().get("GET /slow"),
                c.served().get("GET /slow"));
        assertThat(trend.getList("endpoints[1].points").get(0)).isNull();
        assertThat(trend.getList("endpoints[1].points").get(2)).isNull();
        long all = b.served().values().stream().mapToLong(Long::longValue).sum();
        assertThat(trend.getLong("aggregated.points[1].requests")).as("every request B's target served").isEqualTo(all);
        assertThat(trend.getDouble("endpoints[2].points[1].p95Millis")).isGreaterThanOrEqualTo(150.0);

        // bad comparisons answer problem+json naming the parameter
        Api.as(Keycloak.DEMO).queryParam("runs", a.id()).get("/api/runs/compare").then().statusCode(400)
                .contentType("application/problem+json").body("field", org.hamcrest.Matchers.equalTo("runs"));
        Api.as(Keycloak.DEMO).queryParam("runs", a.id() + ",nope").get("/api/runs/compare").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("runs"));
        Api.as(Keycloak.DEMO).queryParam("runs", a.id() + "," + b.id()).queryParam("baseline", c.id())
                .get("/api/runs/compare").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("baseline"));
        Api.as(Keycloak.DEMO).queryParam("runs", a.id() + "," + java.util.UUID.randomUUID()).get("/api/runs/compare")
                .then().statusCode(404).contentType("application/problem+json");
        Api.as(Keycloak.OTHER_TENANT).queryParam("runs", a.id() + "," + b.id()).get("/api/runs/compare")
                .then().statusCode(404);

        // clearing the baseline: later runs are not judged
        Api.as(Keycloak.DEMO).delete("/api/projects/" + project + "/baseline").then().statusCode(204);
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/baseline").then().statusCode(200)
                .body("runId", org.hamcrest.Matchers.nullValue());
    }
}
