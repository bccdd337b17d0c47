package dev.barrage.controlplane.accounts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The API takes only access tokens issued for it: real Keycloak tokens, of the same user, from two clients. */
@QuarkusTest
class TokenAudienceTest {

    @Test
    void aTokenIssuedToAnotherApplicationIsRefused() throws IOException {
        String foreign = Keycloak.token("other-app", Keycloak.DEMO);
        assertThat(audience(foreign).toString()).doesNotContain("barrage-api");
        given().auth().oauth2(foreign).get("/api/me").then().statusCode(401);

        String ours = Keycloak.token("barrage-cli", Keycloak.DEMO);
        assertThat(audience(ours).toString()).contains("barrage-api");
        given().auth().oauth2(ours).get("/api/me").then().statusCode(200);
    }

    private static JsonNode audience(String jwt) throws IOException {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        return new ObjectMapper().readTree(payload).path("aud");
    }
}
