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
 * and GitHub secrets whose deliveries fail, a run with its run token, a project secret that a scenario reads on two
 * runners and then does its best to leak) while a handler on the root logger captures every record logged meanwhile,
 * at any level (the test profile logs our code at DEBUG), with its parameters and exceptions: none of those secrets,
 * and nothing shaped like one, may be in them. The project secret reaches the scenario on both runners (the target
 * sees it), and is in no runner's log, no report, no API answer; another project's run, and the runner's environment,
 * give the scenario nothing.
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

        String projectSecret = "sk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        List<String> answers = secretRun(project, projectSecret);

        Thread.sleep(1_000); // the integrations' retries and the run's last log lines
        String log = captured.text();
        assertThat(log).as("the log holds what this test did").contains("run " + run).contains("ConnectException");
        for (String answer : answers) {
            assertThat(answer).as("an API answer about the run that read the project secret").doesNotContain(projectSecret);
        }
        for (String secret : List.of(apiToken, apiToken.substring(4), guessed, bearer, slackPath, datadogKey, githubToken,
                projectSecret)) {
            assertThat(log.contains(secret)).as("a secret (" + secret.substring(0, 8) + "...) is in the log").isFalse();
        }
        assertThat(matches(API_TOKEN, log)).as("API tokens in the log").isEmpty();
        assertThat(matches(JWT, log)).as("JWTs in the log").isEmpty();
        assertThat(matches(RANDOM_TOKEN, log)).as("43-character random tokens (run tokens) in the log").isEmpty();
    }

    /** Reads the project secret API_KEY, shows it to the target, and tries every way to write it where people look. */
    static final String LEAKY = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            public class Leaky extends HttpUser {
                static final Feeder RUNNERS = Feeder.csv("runners.csv", Feeder.Order.ONCE);
                @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(200)); }
                @Override public void onStart() {
                    String key = parameter("API_KEY").orElse("missing");
                    String row = RUNNERS.next().get("id");
                    System.out.println("using key " + key + " for row " + row);
                    // what reached this user: the secret, its runner's row, a run parameter, and the runner's environment
                    client.defaultHeader("X-Demo-Session", key + "/" + row + "/" + parameter("TENANT").orElse("-") + "/"
                            + parameter("BARRAGE_RUN_TOKEN").or(() -> parameter("BARRAGE_KAFKA_PASSWORD"))
                                    .map(t -> "env-leaked").orElse("no-env"));
                }
                @Task void leak() {
                    String key = parameter("API_KEY").orElse("missing");
                    client.get("/fast?key=" + key).send();
                    client.get("/fast").name("/fast").check(r -> fail("rejected key " + key)).send();
                    throw new IllegalStateException("bad key " + key);
                }
            }
            """;

    /**
     * A project secret set, a run of two runners that reads it, the same scenario in another project; returns every API
     * answer about the run, for the caller to search.
     */
    private static List<String> secretRun(String project, String secret) throws Exception {
        String base = "/api/projects/" + project + "/secrets";
        Api.as(Keycloak.DEMO).body(Map.of("value", secret)).put(base + "/API_KEY").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("API_KEY")).body("$", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("value")));
        List<String> answers = new ArrayList<>();
        answers.add(Api.as(Keycloak.DEMO).get(base).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo(List.of("API_KEY"))).extract().asString());
        String sealed = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                dev.barrage.controlplane.secrets.ProjectSecret.<dev.barrage.controlplane.secrets.ProjectSecret>findById(
                        new dev.barrage.controlplane.secrets.ProjectSecret.Key(UUID.fromString(project), "API_KEY")).value);
        assertThat(sealed).as("the secret at rest").startsWith("v1:").doesNotContain(secret);
        Map<String, Object> upload = Map.of("fileName", "Leaky.java", "source", LEAKY,
                "dataFiles", List.of(Map.of("name", "runners.csv", "content", "id\na\nb\n")));
        String version = Api.as(Keycloak.DEMO).body(upload).post("/api/projects/" + project + "/scenarios")
                .then().statusCode(201).extract().path("id");
        String other = Api.newProject(Keycloak.DEMO);
        String otherVersion = Api.as(Keycloak.DEMO).body(upload).post("/api/projects/" + other + "/scenarios")
                .then().statusCode(201).extract().path("id");
        // a run cannot set a parameter of the secret's name (it would replace it, in the clear, in the run's record)
        Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", "http://127.0.0.1:9", "users", 1,
                "duration", "1s", "parameters", Map.of("API_KEY", "x"))).post("/api/projects/" + project + "/runs")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("parameters"))
                .body("detail", org.hamcrest.Matchers.containsString("parameter API_KEY is a secret of this project"));

        try (DemoTarget target = DemoTarget.start(0); DemoTarget otherTarget = DemoTarget.start(0)) {
            String run = Api.startRun(Keycloak.DEMO, project, Map.of("scenarioVersionId", version, "host",
                    target.uri().toString(), "users", 2, "spawnRate", 10, "duration", "3s", "runners", 2,
                    "parameters", Map.of("TENANT", "acme"))).then().statusCode(201).extract().path("id");
            List<com.fasterxml.jackson.databind.JsonNode> live = Api.followLive(Keycloak.DEMO, run);
            var ended = Api.awaitEnd(Keycloak.DEMO, run, java.time.Duration.ofSeconds(120));
            assertThat(ended.getString("status")).as(ended.prettify()).isEqualTo("finished");
            assertThat(ended.getMap("parameters")).as("the run keeps its parameters, not the secret")
                    .isEqualTo(Map.of("TENANT", "acme"));
            // both runners' scenario got the secret (runner 0 took row a, runner 1 row b), never the runner's environment
            assertThat(target.sessions().keySet()).containsExactlyInAnyOrder(secret + "/a/acme/no-env",
                    secret + "/b/acme/no-env");

            String otherRun = Api.startRun(Keycloak.DEMO, other, Map.of("scenarioVersionId", otherVersion, "host",
                    otherTarget.uri().toString(), "users", 1, "duration", "2s")).then().statusCode(201).extract().path("id");
            Api.awaitEnd(Keycloak.DEMO, otherRun, java.time.Duration.ofSeconds(120));
            assertThat(otherTarget.sessions().keySet()).as("another project's run reads no secret of this one")
                    .containsExactly("missing/a/-/no-env");

            answers.add(ended.prettify());
            answers.add(Api.as(Keycloak.DEMO).get("/api/runs").then().statusCode(200).extract().asString());
            answers.add(Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/deliveries").then().statusCode(200).extract().asString());
            String report = Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/report").then().statusCode(200).extract().asString();
            answers.add(report);
            answers.add(Api.as(Keycloak.DEMO).accept("text/html").get("/api/runs/" + run + "/report?format=html")
                    .then().statusCode(200).extract().asString());
            for (String file : List.of("stats", "stats_history", "failures", "exceptions")) {
                answers.add(Api.as(Keycloak.DEMO).accept("text/csv").get("/api/runs/" + run + "/report?format=csv&file=" + file)
                        .then().statusCode(200).extract().asString());
            }
            live.forEach(e -> answers.add(e.toString()));
            // what the scenario tried to leak is there, masked, with its numbers intact
            var json = io.restassured.path.json.JsonPath.from(report);
            long masked = json.getLong("endpoints.find { it.name == '/fast?key=***' }.requests");
            assertThat(masked).isPositive();
            assertThat(masked + json.getLong("endpoints.find { it.name == '/fast' }.requests"))
                    .as("every request the target received").isEqualTo(target.counts().get("GET /fast"));
            assertThat(report).contains("rejected key ***", "java.lang.IllegalStateException: bad key ***");
            for (int i = 0; i < 2; i++) {
                String runnerLog = java.nio.file.Files.readString(java.nio.file.Path.of("../.state/runs", run, "runner-" + i + ".log"));
                assertThat(runnerLog).as("runner %d's log", i).contains("using key *** for row ").doesNotContain(secret);
            }
        }
        return answers;
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
