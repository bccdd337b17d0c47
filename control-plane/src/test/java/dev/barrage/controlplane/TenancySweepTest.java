package dev.barrage.controlplane;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the OpenAPI document, called by a person of another account with the first account's ids: each
 * answers 404, never 403 and never data. An endpoint added without a line here fails the test.
 */
@QuarkusTest
class TenancySweepTest {
    /** Endpoints without ids in their path, and how their answers stay within the caller's account. */
    static final Set<String> LISTS = Set.of("GET /api/me", "GET /api/projects", "POST /api/projects", "GET /api/runs",
            "GET /api/members", "POST /api/members/invitations", "GET /api/usage",
            "GET /api/targets", "POST /api/targets",
            // its run ids are in the query; BaselineAndTrendsTest asks with another account's ids
            "GET /api/runs/compare");

    @Test
    void anotherAccountsIdsAreNotFoundOnEveryEndpoint() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
        String scenario = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios")
                .then().statusCode(200).extract().path("[0].id");
        String run;
        try (DemoTarget target = DemoTarget.start(0)) {
            run = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 1, "duration", "30s")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
            String token = Api.as(Keycloak.DEMO).body(Map.of("name", "ci")).post("/api/projects/" + project + "/tokens")
                    .then().statusCode(201).extract().path("token.id");
            String invitation = Api.as(Keycloak.DEMO).body(Map.of("email", "someone@example.com", "role", "member"))
                    .post("/api/members/invitations").then().statusCode(201).extract().path("id");
            String demoSubject = Api.as(Keycloak.DEMO).get("/api/me").then().extract().path("subject");
            String targetId = Api.as(Keycloak.DEMO).body(Map.of("host", "sweep.example.com")).post("/api/targets")
                    .then().statusCode(201).extract().path("id");
            Map<String, String> ids = Map.of("projectId", project, "id", run, "scenarioId", scenario, "version", "1",
                    "tokenId", token, "invitationId", invitation, "subject", demoSubject, "targetId", targetId,
                    "name", "Ok.java"); // a file of the version, and (not a secret's name) refused only after the project
            Api.as(Keycloak.DEMO).body(Map.of("value", "sweep-secret-value")).put("/api/projects/" + project
                    + "/secrets/SWEEP").then().statusCode(200);

            JsonNode openapi = new ObjectMapper().readTree(given().get("/openapi?format=json").then().statusCode(200)
                    .extract().asString());
            Set<String> seen = new TreeSet<>();
            List<String> leaks = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                if (!path.getKey().startsWith("/api/")) {
                    continue;
                }
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase();
                    String endpoint = method + " " + path.getKey();
                    seen.add(endpoint);
                    if (LISTS.contains(endpoint)) {
                        continue;
                    }
                    String url = path.getKey().replace("/api/projects/{id}", "/api/projects/" + project); // {id} is a run elsewhere
                    for (Map.Entry<String, String> id : ids.entrySet()) {
                        url = url.replace("{" + id.getKey() + "}", id.getValue());
                    }
                    assertThat(url).as(endpoint + " has a path parameter this sweep does not know").doesNotContain("{");
                    Response r = Api.as(Keycloak.OTHER_TENANT).accept("*/*").body("{}").request(method, url);
                    if (r.statusCode() != 404) {
                        leaks.add(endpoint + " answered " + r.statusCode() + ": " + r.asString());
                    }
                }
            }
            for (String method : List.of("PUT", "DELETE")) {
                Response r = Api.as(Keycloak.OTHER_TENANT).body("{\"value\": \"takeover\"}")
                        .request(method, "/api/projects/" + project + "/secrets/SWEEP");
                if (r.statusCode() != 404) {
                    leaks.add(method + " of an existing secret answered " + r.statusCode() + ": " + r.asString());
                }
            }
            assertThat(leaks).as("endpoints that did not answer 404 to another account").isEmpty();
            assertThat(seen).as("the sweep saw the endpoints").contains("GET /api/runs/{id}", "POST /api/projects/{projectId}/runs",
                    "POST /api/projects/{projectId}/runs/estimate");
            assertThat(seen).as("the sweep saw the integration endpoints").contains("GET /api/runs/{id}/deliveries",
                    "PUT /api/projects/{projectId}/integrations/slack", "POST /api/projects/{projectId}/integrations/slack/test",
                    "DELETE /api/projects/{projectId}/integrations/datadog", "GET /api/projects/{projectId}/integrations/github");

            // the lists of the other account hold none of the first account's things
            assertThat(Api.as(Keycloak.OTHER_TENANT).get("/api/projects").then().statusCode(200).extract()
                    .<List<String>>path("id")).doesNotContain(project);
            assertThat(Api.as(Keycloak.OTHER_TENANT).get("/api/runs").then().statusCode(200).extract()
                    .<List<String>>path("id")).doesNotContain(run);
            assertThat(Api.as(Keycloak.OTHER_TENANT).get("/api/me").then().statusCode(200).extract()
                    .<String>path("currentAccount")).isNotEqualTo(Api.as(Keycloak.DEMO).get("/api/me").then()
                    .extract().<String>path("currentAccount"));
            Api.as(Keycloak.DEMO).post("/api/runs/" + run + "/stop").then().statusCode(202);
        }
    }
}
