package dev.barrage.controlplane;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the OpenAPI document called by every kind of caller of one account: its owner, an admin, a
 * member and a viewer (the same person, their role changed between rounds), a CI token with only {@code runs:read},
 * one with every scope, and nobody. What each may do is the fixture {@code authorization-matrix.tsv}; the test fails
 * both when a caller is refused what the fixture allows and when a caller gets what the fixture denies, and when an
 * endpoint is missing from the fixture or the fixture names one that no longer exists.
 *
 * <p>Allowed means neither 401 nor 403 (a 400 for the empty body or a 404 for a made-up id is fine: the caller got past
 * authorization); denied means 401 for nobody and 403 for everyone else. Ids of things that an allowed call would
 * destroy (members, invitations, tokens) are made up, so the sweep changes nothing that a later round needs.
 */
@QuarkusTest
class AuthorizationMatrixTest {
    static final List<String> CALLERS = List.of("owner", "admin", "member", "viewer", "token-read", "token-all", "anonymous");

    @Test
    void everyCallerIsAllowedExactlyWhatTheFixtureSays() throws Exception {
        Map<String, Map<String, Boolean>> expected = fixture();
        String account = Api.as(Keycloak.DEMO).get("/api/me").then().statusCode(200).extract().path("currentAccount");
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
        String scenario = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios")
                .then().statusCode(200).extract().path("[0].id");
        String run;
        try (DemoTarget target = DemoTarget.start(0)) {
            run = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 1, "duration", "1s")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
        }
        String readToken = token(project, List.of("runs:read"));
        String allToken = token(project, List.of("runs:read", "runs:write", "scenarios:write"));
        Map<String, String> ids = Map.of("projectId", project, "id", run, "scenarioId", scenario, "version", "1",
                "tokenId", UUID.randomUUID().toString(), "invitationId", UUID.randomUUID().toString(),
                "targetId", UUID.randomUUID().toString(),
                "subject", "no-such-" + UUID.randomUUID(), "name", "Ok.java");

        Api.as(Keycloak.DEMO).body(Map.of("email", "viewer@barrage.local", "role", "viewer"))
                .post("/api/members/invitations").then().statusCode(201);
        String viewerSubject = inAccount(account).get("/api/me").then().statusCode(200).extract().path("subject");
        Map<String, Supplier<RequestSpecification>> callers = new LinkedHashMap<>();
        callers.put("owner", () -> Api.as(Keycloak.DEMO));
        callers.put("admin", () -> inAccount(account));
        callers.put("member", () -> inAccount(account));
        callers.put("viewer", () -> inAccount(account));
        callers.put("token-read", () -> withSecret(readToken));
        callers.put("token-all", () -> withSecret(allToken));
        callers.put("anonymous", () -> given().contentType(ContentType.JSON).accept(ContentType.JSON));

        List<String> endpoints = endpoints();
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, Integer>> seen = new TreeMap<>();
        try {
            for (Map.Entry<String, Supplier<RequestSpecification>> caller : callers.entrySet()) {
                String who = caller.getKey();
                if (List.of("admin", "member", "viewer").contains(who)) {
                    Api.as(Keycloak.DEMO).body(Map.of("role", who)).put("/api/members/" + viewerSubject + "/role")
                            .then().statusCode(200);
                }
                for (String endpoint : endpoints) {
                    String method = endpoint.substring(0, endpoint.indexOf(' '));
                    String url = endpoint.substring(endpoint.indexOf(' ') + 1);
                    url = url.replace("/api/projects/{id}", "/api/projects/" + project); // {id} is a run elsewhere
                    for (Map.Entry<String, String> id : ids.entrySet()) {
                        url = url.replace("{" + id.getKey() + "}", id.getValue());
                    }
                    Response r = caller.getValue().get().accept("*/*").body("{}").request(method, url);
                    int status = r.statusCode();
                    seen.computeIfAbsent(endpoint, e -> new TreeMap<>()).put(who, status);
                    Boolean allow = expected.getOrDefault(endpoint, Map.of()).get(who);
                    if (status >= 500) {
                        wrong.add(who + " " + endpoint + ": " + status + " " + r.asString());
                    } else if (allow == null) {
                        continue; // reported below as missing from the fixture
                    } else if (allow && (status == 401 || status == 403)) {
                        wrong.add(who + " " + endpoint + ": refused with " + status + " but the fixture allows it: " + r.asString());
                    } else if (!allow && status != (who.equals("anonymous") ? 401 : 403)) {
                        wrong.add(who + " " + endpoint + ": answered " + status + " but the fixture denies it");
                    }
                }
            }
        } finally {
            Api.as(Keycloak.DEMO).delete("/api/members/" + viewerSubject).then().statusCode(204);
        }
        StringBuilder observed = new StringBuilder("observed statuses:\n");
        seen.forEach((endpoint, statuses) -> observed.append(endpoint).append('\t').append(statuses).append('\n'));
        assertThat(new TreeSet<>(expected.keySet())).as("the fixture names exactly the OpenAPI document's endpoints\n"
                + observed).isEqualTo(new TreeSet<>(endpoints));
        assertThat(wrong).as(observed.toString()).isEmpty();
    }

    private static String token(String project, List<String> scopes) {
        return Api.as(Keycloak.DEMO).body(Map.of("name", "matrix-" + scopes.size(), "scopes", scopes))
                .post("/api/projects/" + project + "/tokens").then().statusCode(201).extract().path("secret");
    }

    private static RequestSpecification inAccount(String account) {
        return Api.as(Keycloak.OTHER_TENANT).header(CallerResolver.ACCOUNT_HEADER, account);
    }

    private static RequestSpecification withSecret(String secret) {
        return given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static List<String> endpoints() throws IOException {
        JsonNode openapi = new ObjectMapper().readTree(given().get("/openapi?format=json").then().statusCode(200)
                .extract().asString());
        List<String> endpoints = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/api/")) {
                path.getValue().fieldNames().forEachRemaining(m -> endpoints.add(m.toUpperCase() + " " + path.getKey()));
            }
        }
        return endpoints;
    }

    /** Endpoint → caller → allowed, from the tab-separated fixture (a header line names the callers). */
    static Map<String, Map<String, Boolean>> fixture() throws IOException {
        Map<String, Map<String, Boolean>> matrix = new TreeMap<>();
        try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream("/authorization-matrix.tsv")) {
            assertThat(in).as("authorization-matrix.tsv on the test class path").isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            List<String> header = List.of(lines.getFirst().split("\t"));
            assertThat(header.subList(1, header.size())).isEqualTo(CALLERS);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t");
                assertThat(cells).as(line).hasSize(header.size());
                Map<String, Boolean> row = new LinkedHashMap<>();
                for (int i = 1; i < cells.length; i++) {
                    assertThat(cells[i]).as(line).isIn("allow", "deny");
                    row.put(header.get(i), cells[i].equals("allow"));
                }
                matrix.put(cells[0], row);
            }
        }
        return matrix;
    }
}
