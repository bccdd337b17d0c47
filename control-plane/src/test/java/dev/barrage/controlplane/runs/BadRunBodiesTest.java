package dev.barrage.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Run bodies the API must refuse, each with a detail a person can act on, and without starting anything: a number
 * where an integer belongs is not rounded, a body with something after it is not half-read, and a body that is not
 * JSON at all says where it stops being JSON.
 */
@QuarkusTest
class BadRunBodiesTest {
    private Response post(String project, String body) {
        return Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs");
    }

    private static String valid(String version, String users) {
        return "{\"scenarioVersionId\":\"" + version + "\",\"host\":\"http://127.0.0.1:9\",\"users\":" + users
                + ",\"duration\":\"5s\"}";
    }

    @Test
    void refusedBodiesSayWhatIsWrongAndStartNoRun() {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);

        Response fraction = post(project, valid(version, "2.5"));
        assertThat(fraction.statusCode()).as(fraction.asString()).isEqualTo(400);
        assertThat(fraction.contentType()).startsWith("application/problem+json");
        assertThat(fraction.<String>path("detail")).contains("users", "2.5");

        Response trailing = post(project, valid(version, "2") + " garbage");
        assertThat(trailing.statusCode()).as(trailing.asString()).isEqualTo(400);
        assertThat(trailing.<String>path("detail")).startsWith("the body is not valid JSON for this request")
                .contains("line 1, column");

        Response notJson = post(project, "users=10");
        assertThat(notJson.statusCode()).as(notJson.asString()).isEqualTo(400);
        assertThat(notJson.<String>path("detail")).startsWith("the body is not valid JSON for this request")
                .doesNotContain("HTTP 400 Bad Request");

        for (String huge : new String[] {"10^12", "1000000000000", "1e400"}) {
            Response r = post(project, valid(version, huge));
            assertThat(r.statusCode()).as(huge + ": " + r.asString()).isEqualTo(400);
            assertThat(r.<String>path("detail")).as(huge).isNotEqualTo("HTTP 400 Bad Request").isNotBlank();
        }

        // parameters: a name parameter("...") cannot ask for, too many, too long, not strings; the estimate says the same
        String base = "{\"scenarioVersionId\":\"" + version + "\",\"host\":\"http://127.0.0.1:9\",\"users\":1,"
                + "\"duration\":\"5s\",\"parameters\":";
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= 50; i++) {
            many.append(i == 0 ? "" : ",").append("\"P").append(i).append("\":\"x\"");
        }
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"2FAST\":\"yes\"}", "parameter name '2FAST' is not allowed: use letters, digits and _, not starting "
                + "with a digit, at most 64 characters, such as TENANT");
        bad.put("{\"A-B\":\"yes\"}", "parameter name 'A-B' is not allowed");
        bad.put("{\"\":\"yes\"}", "parameter name '' is not allowed");
        bad.put(many.append("}").toString(), "a run takes at most 50 parameters, got 51");
        bad.put("{\"BIG\":\"" + "x".repeat(4097) + "\"}", "parameter BIG is 4097 bytes; the limit is 4096");
        for (var e : bad.entrySet()) {
            for (String path : new String[] {"/runs", "/runs/estimate"}) {
                Response r = Api.as(Keycloak.DEMO).body(base + e.getKey() + "}").post("/api/projects/" + project + path);
                assertThat(r.statusCode()).as(path + " " + e.getValue() + ": " + r.asString()).isEqualTo(400);
                assertThat(r.<String>path("field")).isEqualTo("parameters");
                assertThat(r.<String>path("detail")).startsWith(e.getValue());
            }
        }
        Response list = post(project, base + "[\"TENANT=acme\"]}");
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(400);
        assertThat(list.<String>path("detail")).contains("parameters");

        long runs = QuarkusTransaction.requiringNew().call(() -> Run.count("projectId", UUID.fromString(project)));
        assertThat(runs).as("runs started by refused bodies").isZero();
    }
}
