package dev.barrage.controlplane;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.util.List;
import dev.barrage.runner.demo.DemoTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json and leaves nothing half-written. */
@QuarkusTest
class ApiBadInputTest {
    @Test
    void withoutATokenTheAnswerIs401ProblemJson() {
        given().get("/api/projects").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/projects").then().statusCode(401);
    }

    @Test
    void aScenarioThatDoesNotCompileListsFileLineColumnAndIsNotStored() {
        String project = Api.newProject(Keycloak.DEMO);
        String broken = """
                import dev.barrage.scenario.*;
                public class Broken extends HttpUser {
                    @Task void home() {
                        client.get("/fast").sendd();
                        int x = "text";
                    }
                }
                """;
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Broken.java", "source", broken))
                .post("/api/projects/" + project + "/scenarios")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Scenario Does Not Compile"))
                .body("detail", containsString("Broken.java:4:28"))
                .body("errors", hasSize(2))
                .body("errors[0].file", equalTo("Broken.java"))
                .body("errors[0].line", equalTo(4))
                .body("errors[0].column", equalTo(28))
                .body("errors[0].message", containsString("cannot find symbol"))
                .body("errors[0].message", containsString("symbol:   method sendd()"))
                .body("errors[0].message", org.hamcrest.Matchers.not(containsString("client.get")))
                .body("errors[1].line", equalTo(5))
                .body("errors[1].message", containsString("incompatible types"));
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void uploadsOverTheLimitOrWithABadFileNameAreRefused() {
        String project = Api.newProject(Keycloak.DEMO);
        String huge = Api.MINIMAL_SCENARIO + "//" + "x".repeat(300_000);
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Ok.java", "source", huge))
                .post("/api/projects/" + project + "/scenarios")
                .then().statusCode(413).contentType("application/problem+json").body("limit", equalTo(262144));
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "../../etc/passwd.java", "source", Api.MINIMAL_SCENARIO))
                .post("/api/projects/" + project + "/scenarios")
                .then().statusCode(400).body("detail", containsString("fileName must be a Java file name"));
        Api.as(Keycloak.DEMO).body("{not json").post("/api/projects/" + project + "/scenarios")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void runsWithImpossibleSettingsAreRefusedBeforeAnythingStarts() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
        try (DemoTarget target = DemoTarget.start(0)) {
            String host = target.uri().toString();
            refused(project, Map.of("scenarioVersionId", version, "host", host, "users", 0, "duration", "10s"),
                    400, "users must be 1 or more, got 0");
            refused(project, Map.of("scenarioVersionId", version, "host", host, "users", 5, "duration", "5x"),
                    400, "duration must be a time span");
            refused(project, Map.of("scenarioVersionId", version, "host", host, "users", 5, "duration", "10s",
                    "runners", 99), 400, "runners must be between 1 and 8");
            refused(project, Map.of("scenarioVersionId", version, "host", "ftp://x", "users", 5, "duration", "10s"),
                    400, "host must be an http:// or https:// URL");
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            refused(project, Map.of("scenarioVersionId", version, "host", "http://127.0.0.1:" + closed, "users", 5,
                    "duration", "10s"), 422, "the target 127.0.0.1:" + closed + " is not reachable: start it, or check"
                    + " the host and port");
        }
        assertThat(Api.as(Keycloak.DEMO).get("/api/runs?projectId=" + project).then().statusCode(200)
                .extract().<List<Object>>path("$")).isEmpty();
    }

    private static void refused(String project, Map<String, Object> body, int status, String detail) {
        Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs")
                .then().statusCode(status).contentType("application/problem+json").body("detail", containsString(detail));
    }
}
