package dev.barrage.controlplane.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console as the control plane serves it: SPA routes, its configuration, its CSP, the token relay. */
@QuarkusTest
class ConsoleRoutesTest {

    @Test
    void consoleRoutesAnswerIndexHtmlWithAStrictPolicy() {
        for (String path : new String[] {"/", "/projects", "/projects/4b1c2e9e-5a0d-4a3c-9a43-0c3f3c1f2d11/scenarios/x",
                "/runs", "/runs/4b1c2e9e-5a0d-4a3c-9a43-0c3f3c1f2d11", "/compare", "/settings/tokens",
                "/signin-callback"}) {
            Response r = given().redirects().follow(false).get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.contentType()).as(path).startsWith("text/html");
            assertThat(r.asString()).as(path).contains("<div id=\"root\"></div>").contains("/assets/");
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).as(path)
                    .contains("default-src 'none'")
                    .contains("script-src 'self';")
                    .contains("style-src 'self';")
                    .contains("connect-src 'self' http://localhost:")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        }
    }

    @Test
    void indexHtmlHasNoInlineScriptOrStyle() {
        String html = given().get("/").asString();
        Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("a script from a file").contains("src=\"/assets/");
            assertThat(scripts.group(2)).as("no inline code").isBlank();
        }
        assertThat(count).isPositive();
        assertThat(html).doesNotContain("<style").doesNotContain(" style=");
    }

    @Test
    void theBuiltAssetsAreServedWithLongCaching() {
        String html = given().get("/").asString();
        Matcher js = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertThat(js.find()).isTrue();
        given().get(js.group(1)).then().statusCode(200)
                .header("Cache-Control", containsString("immutable"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        given().get("/assets/no-such-file.js").then().statusCode(404)
                .header("Cache-Control", not(containsString("immutable")));
    }

    @Test
    void consoleConfigNamesTheIssuerAndThePublicClient() {
        given().get("/console-config.json").then().statusCode(200)
                .body("authority", containsString("/realms/barrage"))
                .body("clientId", equalTo("barrage-console"))
                .body("tokenEndpoint", equalTo("/console-auth/token"));
    }

    @Test
    void theApiAndOtherPathsAreLeftAlone() {
        given().get("/api/projects").then().statusCode(401).contentType("application/problem+json");
        given().get("/runs.txt").then().statusCode(404);
        Response health = given().get("/health/ready");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.header("Content-Security-Policy")).isNull();
    }

    @Test
    void theTokenRelayServesOnlyTheConsolesCodeAndRefreshGrants() {
        // the password grant of another client is not relayed
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password").formParam("client_id", "barrage-cli")
                .formParam("username", "demo").formParam("password", "demo-password")
                .post("/console-auth/token").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("authorization_code and refresh_token"));
        given().contentType("application/json").body("{}").post("/console-auth/token").then().statusCode(415);
        // a made-up code reaches Keycloak, which refuses it: its answer comes back as it is
        given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "authorization_code").formParam("client_id", "barrage-console")
                .formParam("code", "not-a-code").formParam("redirect_uri", "http://127.0.0.1:18091/signin-callback")
                .formParam("code_verifier", "x".repeat(43))
                .post("/console-auth/token").then().statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void formParsingDecodesAndKeepsTheFirstValue() {
        assertThat(ConsoleRoutes.parseForm("a=1&b=x%20y&a=2&c&d=%3D"))
                .containsEntry("a", "1").containsEntry("b", "x y").containsEntry("c", "").containsEntry("d", "=");
        assertThat(ConsoleRoutes.origin("http://localhost:18080/realms/barrage")).isEqualTo("http://localhost:18080");
        assertThat(ConsoleRoutes.origin("https://auth.example.com/realms/x")).isEqualTo("https://auth.example.com");
    }
}
