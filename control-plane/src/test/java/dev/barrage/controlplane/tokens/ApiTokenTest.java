package dev.barrage.controlplane.tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.security.Hashes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CI tokens: shown once, stored as a hash, confined to their project and scopes, revocable (guessing: TokenLockoutTest). */
@QuarkusTest
class ApiTokenTest {

    static RequestSpecification with(String secret) {
        return given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    @Test
    void aTokenWorksForItsProjectOnlyWithinItsScopesUntilRevoked() {
        String project = Api.newProject(Keycloak.DEMO);
        String otherProject = Api.newProject(Keycloak.DEMO);
        var created = Api.as(Keycloak.DEMO).body(Map.of("name", "github-actions"))
                .post("/api/projects/" + project + "/tokens").then().statusCode(201).extract();
        String secret = created.path("secret");
        String id = created.path("token.id");
        assertThat(secret).startsWith("brg_").hasSizeGreaterThan(40);
        assertThat(secret).startsWith(created.<String>path("token.prefix"));

        // shown once: the list has the prefix, never the secret; the database has only its hash
        String listed = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/tokens").asString();
        assertThat(listed).contains(created.<String>path("token.prefix")).doesNotContain(secret);
        ApiToken stored = QuarkusTransaction.requiringNew().call(() -> ApiToken.findById(UUID.fromString(id)));
        assertThat(stored.tokenHash).isEqualTo(Hashes.sha256(secret)).doesNotContain(secret.substring(4));

        // it works in its project: upload and list runs
        with(secret).body(Map.of("fileName", "Ok.java", "source", Api.MINIMAL_SCENARIO))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201);
        with(secret).get("/api/runs").then().statusCode(200);
        assertThat(with(secret).get("/api/projects").then().statusCode(200).extract().<List<String>>path("id"))
                .containsExactly(project);
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/tokens").then()
                .body("[0].lastUsedAt", not(nullValue()));

        // confined: another project of the same account is not found; people-only actions are refused
        with(secret).get("/api/projects/" + otherProject).then().statusCode(404);
        with(secret).body(Map.of("fileName", "Ok.java", "source", Api.MINIMAL_SCENARIO))
                .post("/api/projects/" + otherProject + "/scenarios").then().statusCode(404);
        with(secret).body(Map.of("name", "escalate")).post("/api/projects/" + project + "/tokens")
                .then().statusCode(403).body("detail", containsString("needs a signed-in person"));

        // a read-only token cannot write
        String readOnly = Api.as(Keycloak.DEMO).body(Map.of("name", "dashboards", "scopes", List.of("runs:read")))
                .post("/api/projects/" + project + "/tokens").then().statusCode(201).extract().path("secret");
        with(readOnly).body(Map.of("fileName", "Ok.java", "source", Api.MINIMAL_SCENARIO))
                .post("/api/projects/" + project + "/scenarios")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("scenarios:write"));

        // revoked: a clear 401
        Api.as(Keycloak.DEMO).delete("/api/projects/" + project + "/tokens/" + id).then().statusCode(204);
        with(secret).get("/api/runs").then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("unknown or revoked API token"));
        Api.as(Keycloak.DEMO).body(Map.of("name", "x", "scopes", List.of("admin:all")))
                .post("/api/projects/" + project + "/tokens").then().statusCode(400)
                .body("detail", containsString("unknown scopes [admin:all]"));
    }
}
