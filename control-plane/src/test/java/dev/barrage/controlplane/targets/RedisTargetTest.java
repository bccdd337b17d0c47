package dev.barrage.controlplane.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Non-HTTP load inside the boundary: examples/RedisPubSub.java (Jedis from //DEPS) on the platform against a real
 * redis-server, its numbers checked against Redis's own command counts; a Redis the account has not verified is
 * refused, and a socket to a name that is not a target fails in the run's failures table.
 */
@QuarkusTest
class RedisTargetTest {
    static Process redis;
    static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(Path.of("target", "redis-" + port + ".log").toFile()).start();
        for (int i = 0; i < 100 && !cli("PING").contains("PONG"); i++) {
            Thread.sleep(100);
        }
        assertThat(cli("PING")).contains("PONG");
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRedisPubSubExampleCountsWhatRedisCounted() throws Exception {
        String example = Files.readString(Path.of(System.getProperty("barrage.root", "..")).resolve("examples/RedisPubSub.java"));
        assertThat(example).contains("orElse(\"6379\")");
        String scenario = example.replace("orElse(\"6379\")", "orElse(\"" + port + "\")");
        try (DemoTarget http = DemoTarget.start(0)) {
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "RedisPubSub.java", scenario);
            cli("CONFIG", "RESETSTAT");
            JsonNode report = RunTargetsBoundaryTest.runToEnd(project, Map.of("scenarioVersionId", version,
                    "host", http.uri().toString(), "targets", List.of("redis://127.0.0.1:" + port),
                    "users", 4, "spawnRate", 20, "duration", "4s"));

            Map<String, Long> calls = commandCalls();
            Map<String, Long> requests = RunTargetsBoundaryTest.requests(report);
            assertThat(requests.get("redis PUBLISH orders")).isPositive().isEqualTo(calls.get("publish"));
            assertThat(requests.get("redis INCR stock:[id]")).isPositive().isEqualTo(calls.get("incr"));
            assertThat(requests.get("redis GET stock:[id]")).isEqualTo(calls.get("get"));
            assertThat(requests.get("redis order delivered")).isPositive().isLessThanOrEqualTo(calls.get("publish"));
            assertThat(report.at("/aggregated/failures").asLong()).as(report.get("failures").toString()).isZero();
        }
    }

    @Test
    void aSocketToAnyOtherNameFailsInTheFailuresTable() throws Exception {
        String scenario = """
                //DEPS redis.clients:jedis:5.2.0
                import dev.barrage.scenario.Task;
                import dev.barrage.scenario.User;
                import redis.clients.jedis.Jedis;

                public class Elsewhere extends User {
                    @Task
                    void ping() {
                        measure("redis", "PING target", () -> {
                            try (Jedis jedis = new Jedis("localhost", PORT)) {
                                return jedis.ping();
                            }
                        });
                        measure("redis", "PING elsewhere", () -> {
                            try (Jedis jedis = new Jedis("cache.elsewhere.test", PORT)) {
                                return jedis.ping();
                            }
                        });
                        sleep(java.time.Duration.ofMillis(100));
                    }
                }
                """.replace("PORT", String.valueOf(port));
        try (DemoTarget http = DemoTarget.start(0)) {
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Elsewhere.java", scenario);
            cli("CONFIG", "RESETSTAT");
            JsonNode report = RunTargetsBoundaryTest.runToEnd(project, Map.of("scenarioVersionId", version,
                    "host", http.uri().toString(), "targets", List.of("localhost:" + port),
                    "users", 2, "spawnRate", 20, "duration", "2s"));

            Map<String, Long> requests = RunTargetsBoundaryTest.requests(report);
            // a measure() in flight when the run's time is up is interrupted (graceful stop waits for HTTP requests
            // only): its PING can reach Redis without a result, one per user at the most
            long pings = commandCalls().get("ping");
            assertThat(requests.get("redis PING target")).isPositive().isBetween(pings - 2, pings);
            assertThat(RunTargetsBoundaryTest.failures(report).get("redis PING elsewhere"))
                    .contains("host not allowed for this run: cache.elsewhere.test");
            assertThat(RunTargetsBoundaryTest.failureCount(report, "redis PING elsewhere"))
                    .isEqualTo(requests.get("redis PING elsewhere")).isPositive();
        }
    }

    @Test
    void aRedisTheAccountHasNotVerifiedIsRefused() throws Exception {
        Files.writeString(RunTargetsBoundaryTest.HOSTS, "127.0.0.1 localhost\n198.51.100.9 redis.unverified.test\n");
        try (DemoTarget http = DemoTarget.start(0)) {
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
            Map<String, Object> body = new HashMap<>(Map.of("scenarioVersionId", version, "host", http.uri().toString(),
                    "targets", List.of("redis://redis.unverified.test:6379"), "users", 20, "duration", "5m"));
            Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs").then().statusCode(403)
                    .body("title", equalTo("Target Not Verified")).body("field", equalTo("targets"))
                    .body("host", equalTo("redis.unverified.test"))
                    .body("detail", containsString("has not proved that it owns redis.unverified.test"));
            Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs/estimate").then().statusCode(200)
                    .body("wouldStart", equalTo(false)).body("refusals.field", hasItem("targets"));
            body.put("targets", List.of("10.20.30.40:6379"));
            Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs").then().statusCode(403)
                    .body("field", equalTo("targets")).body("detail", containsString("private, shared or cluster network"));
            body.put("targets", List.of("redis://no-port.example"));
            Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs").then().statusCode(400)
                    .body("field", equalTo("targets")).body("detail", containsString("host:port or scheme://host:port"));
        } finally {
            Files.writeString(RunTargetsBoundaryTest.HOSTS, "127.0.0.1 localhost\n");
        }
    }

    /** {@code INFO commandstats} as command name to calls. */
    static Map<String, Long> commandCalls() throws IOException, InterruptedException {
        Map<String, Long> calls = new HashMap<>();
        for (String line : cli("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + 6);
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    static String cli(String... command) throws IOException, InterruptedException {
        List<String> args = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
