package dev.barrage.controlplane.integrations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.accounts.CallerResolver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Integration settings: admins only, secrets sealed in the database and shown only by their last characters, every
 * setting checked, and the test endpoints talking to stand-ins that check the documented request shapes.
 */
@QuarkusTest
class IntegrationSettingsTest {

    @Test
    void slackWebhookIsSealedShownByItsEndAndTested() {
        String project = Api.newProject(Keycloak.DEMO);
        String base = "/api/projects/" + project + "/integrations/slack";
        try (StandIn slack = StandIns.slack()) {
            String webhook = slack.uri() + StandIns.SLACK_WEBHOOK_PATH;
            Api.as(Keycloak.DEMO).get(base).then().statusCode(404).body("detail", containsString("Slack integration"));

            String put = Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", webhook, "notifyOnStart", true)).put(base)
                    .then().statusCode(200).body("webhookUrl", equalTo(slack.uri() + "/…abcd"))
                    .body("notifyOnStart", equalTo(true)).extract().asString();
            String got = Api.as(Keycloak.DEMO).get(base).then().statusCode(200).extract().asString();
            assertThat(put + got).doesNotContain("XXXXXXXXXXXX").doesNotContain("/services/");

            IntegrationSetting stored = QuarkusTransaction.requiringNew().call(() ->
                    IntegrationSetting.of(UUID.fromString(project), IntegrationKind.SLACK));
            assertThat(stored.secret).startsWith("v1:").doesNotContain("XXXXXXXXXXXX").doesNotContain("services");
            assertThat(stored.config).doesNotContain("XXXXXXXXXXXX");

            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true))
                    .body("status", equalTo(200)).body("detail", equalTo("POST 127.0.0.1 answered 200: it works"));
            assertThat(slack.requests("slack/incoming-webhook")).hasSize(1);
            assertThat(slack.requests().getFirst().json().get("text").asText()).startsWith("Barrage is connected: results of project p-");
            assertThat(slack.violations()).isEmpty();

            // a change without the URL keeps the stored one
            Api.as(Keycloak.DEMO).body(Map.of("notifyOnStart", false)).put(base).then().statusCode(200)
                    .body("notifyOnStart", equalTo(false)).body("webhookUrl", equalTo(slack.uri() + "/…abcd"));
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true));

            // only Slack's hosts, only https (plain http only for the configured test host)
            Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", "https://example.com/services/T/B/x")).put(base)
                    .then().statusCode(400).body("field", equalTo("webhookUrl")).body("detail", containsString("hooks.slack.com"));
            Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", "http://hooks.slack.com/services/T/B/x")).put(base)
                    .then().statusCode(400).body("detail", containsString("https://"));

            // a refusal is told by its status, never with the words of whatever answered
            slack.answerNext(new StandIn.Answer(404, Map.of(), "no_service"));
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(false))
                    .body("status", equalTo(404)).body("detail", equalTo("POST 127.0.0.1 answered 404: not found; check the address"));

            Api.as(Keycloak.DEMO).delete(base).then().statusCode(204);
            Api.as(Keycloak.DEMO).get(base).then().statusCode(404);
            Api.as(Keycloak.DEMO).body(Map.of("notifyOnStart", true)).put(base).then().statusCode(400)
                    .body("detail", equalTo("webhookUrl is required"));
        }
    }

    @Test
    void datadogKeyAndSiteAreCheckedAndTheKeyValidated() {
        String project = Api.newProject(Keycloak.DEMO);
        String base = "/api/projects/" + project + "/integrations/datadog";
        String key = "0123456789abcdef0123456789abcdef";
        try (StandIn datadog = StandIns.datadog(key)) {
            Api.as(Keycloak.DEMO).body(Map.of("apiKey", key, "site", "datadoghq.org")).put(base).then().statusCode(400)
                    .body("field", equalTo("site"));
            Api.as(Keycloak.DEMO).body(Map.of("apiKey", key, "site", "datadoghq.eu", "apiUrl", datadog.uri().toString()))
                    .put(base).then().statusCode(200).body("apiKey", equalTo("…cdef")).body("site", equalTo("datadoghq.eu"))
                    .body("apiUrl", equalTo(datadog.uri().toString()));
            assertThat(Api.as(Keycloak.DEMO).get(base).asString()).doesNotContain(key);
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true));

            Api.as(Keycloak.DEMO).body(Map.of("apiKey", "wrong-key-wrong-key", "site", "datadoghq.eu",
                    "apiUrl", datadog.uri().toString())).put(base).then().statusCode(200);
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(false))
                    .body("status", equalTo(403)).body("detail", containsString("the secret was refused"));
            assertThat(datadog.requests("datadog/validate-api-key")).hasSize(2);
            assertThat(datadog.violations()).isEmpty();

            // without a URL of its own, the site's API; another site is another destination, which needs the key again
            Api.as(Keycloak.DEMO).body(Map.of("site", "us5.datadoghq.com")).put(base).then().statusCode(400)
                    .body("field", equalTo("apiKey")).body("detail", containsString("site or apiUrl"));
            Api.as(Keycloak.DEMO).body(Map.of("site", "us5.datadoghq.com", "apiKey", "another-key-0000")).put(base)
                    .then().statusCode(200)
                    .body("apiUrl", equalTo("https://api.us5.datadoghq.com")).body("apiKey", equalTo("…0000"));
        }
    }

    @Test
    void gitHubTokenReachesItsRepository() {
        String project = Api.newProject(Keycloak.DEMO);
        String base = "/api/projects/" + project + "/integrations/github";
        StandIns.GitHub github = new StandIns.GitHub("ghp_test_token_1234");
        try (StandIn server = github.server) {
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_test_token_1234", "repository", "not a repo")).put(base)
                    .then().statusCode(400).body("field", equalTo("repository"));
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_test_token_1234", "repository", "acme/shop",
                    "apiUrl", "ftp://example.com")).put(base).then().statusCode(400).body("field", equalTo("apiUrl"));
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_test_token_1234", "repository", "acme/shop",
                    "apiUrl", server.uri().toString())).put(base).then().statusCode(200)
                    .body("token", equalTo("…1234")).body("repository", equalTo("acme/shop"));
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true))
                    .body("detail", equalTo("the token reaches acme/shop"));

            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_revoked_9999", "repository", "acme/shop",
                    "apiUrl", server.uri().toString())).put(base).then().statusCode(200);
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(false))
                    .body("status", equalTo(401)).body("detail", containsString("the secret was refused"));
            assertThat(server.requests("github/get-repository")).hasSize(2);
            assertThat(server.violations()).isEmpty();
        }
    }

    @Test
    void onlyAdminsOfTheAccountManageIntegrations() {
        String account = Api.as(Keycloak.DEMO).get("/api/me").then().extract().path("currentAccount");
        String project = Api.newProject(Keycloak.DEMO);
        String base = "/api/projects/" + project + "/integrations/slack";
        Map<String, Object> body = Map.of("webhookUrl", "http://127.0.0.1:9/services/T0/B0/abcd");

        // an API token of the project, even with every scope, is not a person
        String token = Api.as(Keycloak.DEMO).body(Map.of("name", "ci")).post("/api/projects/" + project + "/tokens")
                .then().statusCode(201).extract().path("secret");
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body).put(base)
                .then().statusCode(403).body("detail", containsString("needs a signed-in person"));

        // a member of the account may run tests but not configure where results go
        Api.as(Keycloak.OTHER_TENANT).get("/api/me").then().statusCode(200);
        Api.as(Keycloak.DEMO).body(Map.of("email", "viewer@barrage.local", "role", "member"))
                .post("/api/members/invitations").then().statusCode(201);
        String subject = Api.as(Keycloak.OTHER_TENANT).header(CallerResolver.ACCOUNT_HEADER, account).get("/api/me")
                .then().body("role", equalTo("member")).extract().path("subject");
        try {
            Api.as(Keycloak.OTHER_TENANT).header(CallerResolver.ACCOUNT_HEADER, account).body(body).put(base)
                    .then().statusCode(403).body("detail", containsString("needs admin or above"));
            Api.as(Keycloak.OTHER_TENANT).header(CallerResolver.ACCOUNT_HEADER, account).get(base)
                    .then().statusCode(403);
            Api.as(Keycloak.DEMO).body(Map.of("role", "admin")).put("/api/members/" + subject + "/role").then().statusCode(200);
            Api.as(Keycloak.OTHER_TENANT).header(CallerResolver.ACCOUNT_HEADER, account).body(body).put(base)
                    .then().statusCode(200);
        } finally {
            Api.as(Keycloak.DEMO).delete("/api/members/" + subject).then().statusCode(204);
        }
        // and in their own account the project is simply not there
        Api.as(Keycloak.OTHER_TENANT).get(base).then().statusCode(404);
    }
}
