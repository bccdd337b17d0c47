package dev.barrage.controlplane.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Handles every kind of secret the control plane sees (CI tokens good and bad, a person's bearer token, Slack, Datadog
 * and GitHub secrets whose deliveries fail, a run with its run token) while a handler on the root logger captures every
 * record logged meanwhile, at any level (the test profile logs our code at DEBUG), with its parameters and exceptions:
 * none of those secrets, and nothing shaped like one, may be in them.
 */
@QuarkusTest
class SecretsNotLoggedTest {
    static final Pattern API_TOKEN = Pattern.compile("brg_[A-Za-z0-9_-]{20,}");
    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    /** Run tokens (and the random part of API tokens): 32 random bytes in URL-safe base64, 43 characters. */
    static final Pattern RANDOM_TOKEN = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_=-])");

    @Test
    void noSecretEndsUpInTheLog() throws Exception {
        CapturingHandler captured = new CapturingHandler();
        Logger root = Logger.getLogger("");
        root.addHandler(captured);
        try {
            handleSecretsAndCheck(captured);
        } finally {
            root.removeHandler(captured);
        }
    }

    private void handleSecretsAndCheck(CapturingHandler captured) throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String apiToken = Api.as(Keycloak.DEMO).body(Map.of("name", "log-scan")).post("/api/projects/" + project + "/tokens")
                .then().statusCode(201).extract().path("secret");
        given().header("Authorization", "Bearer " + apiToken).get("/api/runs").then().statusCode(200);
        String guessed = "brg_" + UUID.randomUUID().toString().replace("-", "") + "guessguessguess";
        given().header("Authorization", "Bearer " + guessed).get("/api/runs").then().statusCode(401);
        String bearer = Keycloak.token(Keycloak.DEMO);

        // integrations whose test deliveries fail: nothing listens on port 9, so the errors are logged
        String slackPath = "/services/T0LOGSCAN/B0LOGSCAN/" + UUID.randomUUID().toString().replace("-", "");
        String datadogKey = UUID.randomUUID().toString().replace("-", "");
        String githubToken = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        String base = "/api/projects/" + project + "/integrations/";
        Api.as(Keycloak.DEMO).body(Map.of("webhookUrl", "http://127.0.0.1:9" + slackPath)).put(base + "slack")
                .then().statusCode(200);
        Api.as(Keycloak.DEMO).body(Map.of("apiKey", datadogKey, "site", "datadoghq.com", "apiUrl", "http://127.0.0.1:9"))
                .put(base + "datadog").then().statusCode(200);
        Api.as(Keycloak.DEMO).body(Map.of("token", githubToken, "repository", "acme/shop", "apiUrl", "http://127.0.0.1:9"))
                .put(base + "github").then().statusCode(200);
        for (String kind : List.of("slack", "datadog", "github")) {
            Api.as(Keycloak.DEMO).post(base + kind + "/test").then().statusCode(200);
        }

        // a short run: its run token goes to a runner process and comes back on every scenario fetch
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
        String run;
        try (DemoTarget target = DemoTarget.start(0)) {
            run = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 1, "duration", "2s")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
            Api.awaitEnd(Keycloak.DEMO, run, java.time.Duration.ofSeconds(90));
        }

        Thread.sleep(1_000); // the integrations' retries and the run's last log lines
        String log = captured.text();
        assertThat(log).as("the log holds what this test did").contains("run " + run).contains("ConnectException");
        for (String secret : List.of(apiToken, apiToken.substring(4), guessed, bearer, slackPath, datadogKey, githubToken)) {
            assertThat(log.contains(secret)).as("a secret (" + secret.substring(0, 8) + "...) is in the log").isFalse();
        }
        assertThat(matches(API_TOKEN, log)).as("API tokens in the log").isEmpty();
        assertThat(matches(JWT, log)).as("JWTs in the log").isEmpty();
        assertThat(matches(RANDOM_TOKEN, log)).as("43-character random tokens (run tokens) in the log").isEmpty();
    }

    /** Every record, formatted with its parameters and the whole chain of its exception's messages. */
    static final class CapturingHandler extends Handler {
        private final StringBuffer text = new StringBuffer();
        private final SimpleFormatter formatter = new SimpleFormatter();

        CapturingHandler() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            text.append(record.getLoggerName()).append(' ').append(formatter.formatMessage(record)).append('\n');
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append("  ").append(t).append('\n');
            }
        }

        String text() {
            return text.toString();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private static List<String> matches(Pattern pattern, String log) {
        List<String> lines = new ArrayList<>();
        Matcher m = pattern.matcher(log);
        while (m.find() && lines.size() < 5) {
            int start = log.lastIndexOf('\n', m.start()) + 1;
            int end = log.indexOf('\n', m.end());
            lines.add(log.substring(start, end < 0 ? log.length() : end));
        }
        return lines;
    }
}
