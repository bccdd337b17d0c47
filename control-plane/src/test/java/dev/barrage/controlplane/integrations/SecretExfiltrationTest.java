package dev.barrage.controlplane.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Someone who may edit a project's integrations, but was never shown its secrets, tries to have them sent to a server
 * of their own. The recording server must see nothing, and the test endpoint must not relay what a server answers.
 */
@QuarkusTest
class SecretExfiltrationTest {
    private static final String MARKER = "remote-words-7f3a";

    /** The attacker's server, on a host the tests let integrations reach (plain-http-hosts): it counts what arrives. */
    static final class Recorder implements AutoCloseable {
        final AtomicInteger requests = new AtomicInteger();
        final HttpServer server;

        Recorder() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = MARKER.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void aGitHubTokenStaysWithItsApiAndRepository() throws IOException {
        String project = Api.newProject(Keycloak.DEMO);
        String base = "/api/projects/" + project + "/integrations/github";
        StandIns.GitHub github = new StandIns.GitHub("ghp_exfil_token_5678");
        try (StandIn server = github.server; Recorder attacker = new Recorder()) {
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_exfil_token_5678", "repository", "acme/shop",
                    "apiUrl", server.uri().toString())).put(base).then().statusCode(200);

            Api.as(Keycloak.DEMO).body(Map.of("repository", "acme/shop", "apiUrl", attacker.url())).put(base)
                    .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("token"))
                    .body("detail", containsString("token is required again when repository or apiUrl change"));
            Api.as(Keycloak.DEMO).body(Map.of("repository", "attacker/loot", "apiUrl", server.uri().toString())).put(base)
                    .then().statusCode(400).body("field", equalTo("token"));
            Api.as(Keycloak.DEMO).body(Map.of("token", "ghp_their_own", "repository", "acme/shop",
                    "apiUrl", "https://attacker.example/api/v3")).put(base)
                    .then().statusCode(400).body("field", equalTo("apiUrl")).body("detail", containsString("api.github.com"));

            // the stored settings are unchanged: the test goes where the token was set to go
            Api.as(Keycloak.DEMO).get(base).then().body("apiUrl", equalTo(server.uri().toString()));
            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true));
            assertThat(attacker.requests).hasValue(0);
            assertThat(server.requests("github/get-repository")).hasSize(1);
        }
    }

    @Test
    void aDatadogKeyStaysWithItsSite() throws IOException {
        String project = Api.newProject(Keycloak.DEMO);
        String base = "/api/projects/" + project + "/integrations/datadog";
        String key = "fedcba9876543210fedcba9876543210";
        try (StandIn datadog = StandIns.datadog(key); Recorder attacker = new Recorder()) {
            Api.as(Keycloak.DEMO).body(Map.of("apiKey", key, "site", "datadoghq.eu", "apiUrl", datadog.uri().toString()))
                    .put(base).then().statusCode(200);

            Api.as(Keycloak.DEMO).body(Map.of("site", "datadoghq.eu", "apiUrl", attacker.url())).put(base)
                    .then().statusCode(400).body("field", equalTo("apiKey"));
            Api.as(Keycloak.DEMO).body(Map.of("apiKey", "theirs", "apiUrl", "https://datadog.attacker.example")).put(base)
                    .then().statusCode(400).body("field", equalTo("apiUrl")).body("detail", containsString("api.datadoghq.eu"));

            Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true));
            assertThat(attacker.requests).hasValue(0);
        }
    }

    @Test
    void aTestAnswersTheStatusAndAFixedMessageNeverTheRemoteBody() throws IOException {
        String project = Api.newProject(Keycloak.DEMO);
        try (Recorder remote = new Recorder(); StandIn slack = StandIns.slack()) {
            // a webhook on the tests' stand-in host, answering 200 with words of its own
            String base = "/api/projects/" + project + "/integrations/slack";
            Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", remote.url() + StandIns.SLACK_WEBHOOK_PATH)).put(base)
                    .then().statusCode(200);
            String ok = Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200).body("ok", equalTo(true))
                    .body("detail", equalTo("POST 127.0.0.1 answered 200: it works")).extract().asString();
            assertThat(ok).doesNotContain(MARKER);
            assertThat(remote.requests).hasValue(1);

            for (int status : List.of(400, 403, 500)) {
                slack.answerNext(new StandIn.Answer(status, Map.of(), MARKER + " " + status));
            }
            Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", slack.uri() + StandIns.SLACK_WEBHOOK_PATH)).put(base)
                    .then().statusCode(200);
            for (int status : List.of(400, 403, 500)) {
                String refused = Api.as(Keycloak.DEMO).post(base + "/test").then().statusCode(200)
                        .body("ok", equalTo(false)).body("status", equalTo(status)).extract().asString();
                assertThat(refused).doesNotContain(MARKER);
            }
        }
    }
}
