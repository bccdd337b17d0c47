package dev.barrage.controlplane.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run reaches its own targets and nothing else, played by an attacker: a scenario that aims at a second server
 * (by absolute URL), a name rebound to the attacker's address after the start, private and cluster hosts without
 * proof, trials beyond the day's limits. Each attacker's listener must see zero connections, and the victim run's
 * numbers must equal what its real target counted. Loopback needs no proof here ({@code %test} allows it).
 */
@QuarkusTest
class RunTargetsBoundaryTest {
    /** The hosts file of this test JVM (surefire's argLine, TestHostsResolver), never cached: rewriting it is rebinding. */
    static final Path HOSTS = TestHostsResolver.file();

    static final String ESCAPE = """
            import dev.barrage.scenario.HttpUser;
            import dev.barrage.scenario.Task;
            import dev.barrage.scenario.WaitTime;
            import java.time.Duration;

            public class Escape extends HttpUser {
                @Override
                protected WaitTime waitTime() {
                    return constant(Duration.ofMillis(50));
                }

                @Task(2)
                void own() {
                    client.get("/items/" + (System.nanoTime() % 10)).name("/items/[id]").send();
                }

                @Task
                void elsewhere() {
                    client.get("http://127.0.0.1:OTHER_PORT/steal").name("absolute").send();
                    client.get("http://other.example/steal").name("by name").send();
                }
            }
            """;

    static final String BROWSE = """
            import dev.barrage.scenario.HttpUser;
            import dev.barrage.scenario.Task;
            import dev.barrage.scenario.WaitTime;
            import java.time.Duration;

            public class Browse extends HttpUser {
                @Override
                protected WaitTime waitTime() {
                    return constant(Duration.ofMillis(20));
                }

                @Task
                void item() {
                    client.get("/items/" + (System.nanoTime() % 100)).name("/items/[id]").send();
                }
            }
            """;

    @AfterEach
    void restoreHosts() throws IOException {
        Files.writeString(HOSTS, "127.0.0.1 localhost\n");
    }

    @Test
    void anAbsoluteUrlToAnotherServerFailsBeforeAnythingIsSent() throws Exception {
        try (DemoTarget target = DemoTarget.start(0); Listener attacker = new Listener("127.0.0.1", 0)) {
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Escape.java",
                    ESCAPE.replace("OTHER_PORT", String.valueOf(attacker.port())));
            JsonNode report = runToEnd(project, Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 3, "spawnRate", 30, "duration", "3s"));

            assertThat(attacker.connections()).as("connections to the second server").isZero();
            Map<String, String> failures = failures(report);
            assertThat(failures).containsEntry("GET absolute", "host not allowed for this run: 127.0.0.1:" + attacker.port())
                    .containsEntry("GET by name", "host not allowed for this run: other.example");
            Map<String, Long> requests = requests(report);
            assertThat(requests.get("GET /items/[id]")).isPositive().isEqualTo(target.counts().get("GET /items/{id}"));
            assertThat(target.counts().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(requests.get("GET /items/[id]"));
            assertThat(requests.get("GET absolute")).isPositive().isEqualTo(failureCount(report, "GET absolute"));
        }
    }

    @Test
    void aNameReboundAfterTheStartStillReachesOnlyTheAddressPinnedAtTheStart() throws Exception {
        try (DemoTarget target = DemoTarget.start(0); Listener attacker = new Listener("127.0.0.2", target.uri().getPort())) {
            Files.writeString(HOSTS, "127.0.0.1 localhost\n127.0.0.1 shop.rebind.test\n");
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Browse.java", BROWSE);
            String host = "http://shop.rebind.test:" + target.uri().getPort();
            String runId = Api.startRun(Keycloak.DEMO, project, Map.of("scenarioVersionId", version, "host", host,
                    "users", 2, "spawnRate", 20, "duration", "4s")).then().statusCode(201).extract().path("id");
            // the attacker's DNS answer, from now on: anyone resolving the name again is sent to the listener
            Files.writeString(HOSTS, "127.0.0.1 localhost\n127.0.0.2 shop.rebind.test\n");
            assertThat(InetAddress.getByName("shop.rebind.test").getHostAddress()).isEqualTo("127.0.0.2");

            JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(90));
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
            JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
            assertThat(attacker.connections()).as("connections to the rebound address").isZero();
            long sent = report.at("/aggregated/requests").asLong();
            assertThat(sent).isPositive().isEqualTo(target.counts().values().stream().mapToLong(Long::longValue).sum());
            assertThat(report.at("/aggregated/failures").asLong()).isZero();
        }
    }

    @Test
    void privateSharedAndClusterHostsNeedProofAndGetNoTrial() throws Exception {
        try (Listener cluster = new Listener("127.0.0.1", 0)) {
            Files.writeString(HOSTS, "127.0.0.1 localhost\n127.0.0.1 cache.shop.svc.cluster.local\n"
                    + "100.64.1.2 gateway.shared.test\n");
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
            for (String host : List.of("http://10.11.12.13", "http://172.20.0.5:8080", "http://192.168.1.10",
                    "http://gateway.shared.test", "http://[fd12:3456::1]:8080",
                    "http://cache.shop.svc.cluster.local:" + cluster.port())) {
                Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", host, "users", 1,
                        "duration", "5s")).post("/api/projects/" + project + "/runs").then().statusCode(403)
                        .contentType("application/problem+json").body("title", equalTo("Target Not Verified"))
                        .body("detail", containsString("private, shared or cluster network"))
                        .body("detail", containsString("takes no trial run")).body("trialUsers", equalTo(0));
            }
            // a cluster name is judged by its name, even where it resolves to loopback: never contacted
            assertThat(cluster.connections()).isZero();
            // the EC2 IPv6 metadata service is in fc00::/7, but never a target at all
            Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", "http://[fd00:ec2::254]", "users", 1,
                    "duration", "5s")).post("/api/projects/" + project + "/runs").then().statusCode(403)
                    .body("detail", containsString("can never be a target"));
        }
    }

    @Test
    void theProbeSaysOnlyWhetherTheTargetIsReachable() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String detail = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", "http://127.0.0.1:" + closed,
                "users", 1, "duration", "5s")).post("/api/projects/" + project + "/runs").then().statusCode(422)
                .body("title", equalTo("Target Unreachable")).body("reachable", equalTo(false)).extract().path("detail");
        assertThat(detail).isEqualTo("the target 127.0.0.1:" + closed + " is not reachable: start it, or check the host and port");
    }

    @Test
    void trialsAreLimitedPerAccountAndPerHostPerDay() throws Exception {
        // a public address that nobody here owns: unverified, so only a trial, and refused before any probe
        Files.writeString(HOSTS, "127.0.0.1 localhost\n198.51.100.7 trial.shop.test\n");
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);
        UUID account = QuarkusTransaction.requiringNew().call(() -> Project.<Project>findById(UUID.fromString(project)).accountId);
        Map<String, Object> trial = Map.of("scenarioVersionId", version, "host", "http://trial.shop.test", "users", 1,
                "duration", "10s");
        try {
            // ten trials against this host today, by other accounts' runs
            OffsetDateTime first = OffsetDateTime.now().minusHours(3);
            insertTrials(account, "trial.shop.test", 10, first);
            String resetsAt = Api.as(Keycloak.DEMO).body(trial).post("/api/projects/" + project + "/runs").then().statusCode(429)
                    .contentType("application/problem+json").body("title", equalTo("Trial Limit"))
                    .body("scope", equalTo("host")).body("host", equalTo("trial.shop.test"))
                    .body("limit", equalTo(10)).body("used", equalTo(10))
                    .body("detail", containsString("trial.shop.test has had 10 trial runs"))
                    .extract().path("resetsAt");
            // PostgreSQL keeps microseconds
            assertThat(OffsetDateTime.parse(resetsAt).toInstant()).as("when the oldest of the day's trials is a day old")
                    .isCloseTo(first.plus(TrialLimits.WINDOW).toInstant(), org.assertj.core.api.Assertions.within(1,
                            java.time.temporal.ChronoUnit.MILLIS));
            Api.as(Keycloak.DEMO).body(trial).post("/api/projects/" + project + "/runs/estimate").then().statusCode(200)
                    .body("wouldStart", equalTo(false)).body("refusals.title", hasItem("Trial Limit"));
            deleteTrials(account);

            // twenty by this account against other hosts (with its real trials of the day, such as other tests')
            long already = QuarkusTransaction.requiringNew().call(() -> TrialRun.count("accountId = ?1 and startedAt > ?2",
                    account, OffsetDateTime.now().minus(TrialLimits.WINDOW)));
            insertTrials(account, "elsewhere.shop.test", (int) Math.max(0, 20 - already), OffsetDateTime.now().minusHours(1));
            Api.as(Keycloak.DEMO).body(trial).post("/api/projects/" + project + "/runs").then().statusCode(429)
                    .body("scope", equalTo("account")).body("limit", equalTo(20))
                    .body("used", equalTo((int) Math.max(20, already)))
                    .body("detail", containsString("this account has started " + Math.max(20, already) + " trial runs"));
            deleteTrials(account);

            // a day later they count no more (asked of the estimate only: a start would send load off this machine)
            insertTrials(account, "trial.shop.test", 20, OffsetDateTime.now().minusHours(25));
            Api.as(Keycloak.DEMO).body(trial).post("/api/projects/" + project + "/runs/estimate").then().statusCode(200)
                    .body("refusals.title", not(hasItem("Trial Limit")));
        } finally {
            deleteTrials(account);
        }
    }

    private static void insertTrials(UUID account, String host, int count, OffsetDateTime at) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                TrialRun t = new TrialRun();
                t.id = UUID.randomUUID();
                t.accountId = account;
                t.host = host;
                t.runId = UUID.randomUUID();
                t.startedAt = at;
                t.persist();
            }
        });
    }

    private static void deleteTrials(UUID account) {
        QuarkusTransaction.requiringNew().run(() -> TrialRun.delete("accountId = ?1 and host in ?2", account,
                List.of("trial.shop.test", "elsewhere.shop.test")));
    }

    static JsonNode runToEnd(String project, Map<String, Object> body) throws Exception {
        String runId = Api.startRun(Keycloak.DEMO, project, body).then().statusCode(201).extract().path("id");
        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(90));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
        return new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
    }

    static Map<String, Long> requests(JsonNode report) {
        Map<String, Long> requests = new HashMap<>();
        report.get("endpoints").forEach(e -> requests.put(e.get("type").asText() + " " + e.get("name").asText(),
                e.get("requests").asLong()));
        return requests;
    }

    static Map<String, String> failures(JsonNode report) {
        Map<String, String> failures = new HashMap<>();
        report.get("failures").forEach(f -> failures.put(f.get("type").asText() + " " + f.get("name").asText(),
                f.get("error").asText()));
        return failures;
    }

    static long failureCount(JsonNode report, String endpoint) {
        long n = 0;
        for (JsonNode f : report.get("failures")) {
            if ((f.get("type").asText() + " " + f.get("name").asText()).equals(endpoint)) {
                n += f.get("occurrences").asLong();
            }
        }
        return n;
    }

    /** An attacker's server: counts the connections it accepts and closes them. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        Listener(String address, int port) throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
