package dev.barrage.controlplane.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole run with local runners under nftables isolation, whose scenario also sends to a second local server by an
 * absolute URL: that server sees no connection (whatever the runner's own checks do, the rules below the JVM hold),
 * and the run's numbers for its real target still equal the target's own counts.
 */
@QuarkusTest
@TestProfile(IsolatedRunnersTest.Isolated.class)
class IsolatedRunnersTest {
    public static class Isolated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("barrage.launch.local.isolation", "nftables",
                    "barrage.launch.local.nftables-table", "barrage_runners_it",
                    "barrage.launch.local.uid-base", "64300",
                    "barrage.launch.local.uid-count", "10");
        }
    }

    @Inject
    @dev.barrage.controlplane.launch.RunnerLauncherSelection.Kind("local")
    LocalRunnerLauncher launcher;

    @Test
    void aRunnerReachesItsTargetAndNothingElse() throws Exception {
        try (DemoTarget target = DemoTarget.start(0); RunnerFirewallTest.Listener other = new RunnerFirewallTest.Listener()) {
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Escape.java", """
                    import dev.barrage.scenario.*;
                    public class Escape extends HttpUser {
                        @Task(3) void fast() { client.get("/fast").send(); }
                        @Task void escape() { client.get("http://127.0.0.1:%d/stolen").name("escape").send(); }
                    }
                    """.formatted(other.port()));
            String runId = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                            "users", 2, "spawnRate", 10, "duration", "3s", "stopTimeout", "10s", "runners", 1))
                    .post("/api/projects/" + project + "/runs").then().statusCode(201).extract().path("id");
            String rules = "";
            for (int i = 0; i < 100 && !rules.contains("tcp dport " + target.port()); i++) {
                rules = launcher.firewallRules();
                Thread.sleep(100);
            }
            assertThat(rules).contains("ip daddr 127.0.0.1 tcp dport " + target.port() + " accept")
                    .doesNotContain("dport " + other.port());

            JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(120));
            assertThat(run.get("status").asText()).as(run.toString()).isIn("finished", "failed");
            JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
            Map<String, Long> reported = new HashMap<>();
            Map<String, Long> failed = new HashMap<>();
            report.get("endpoints").forEach(e -> {
                reported.put(e.get("name").asText(), e.get("requests").asLong());
                failed.put(e.get("name").asText(), e.get("failures").asLong());
            });
            assertThat(reported.get("/fast")).isPositive().isEqualTo(target.counts().get("GET /fast"));
            assertThat(failed.get("/fast")).isZero();
            assertThat(reported.get("escape")).as(report.toString()).isPositive().isEqualTo(failed.get("escape"));
            assertThat(other.connections.get()).isZero();
            // the run's rules went with it (its runners are stopped just after the run is marked as ended)
            String after = launcher.firewallRules();
            for (int i = 0; i < 150 && after.contains("tcp dport " + target.port()); i++) {
                Thread.sleep(100);
                after = launcher.firewallRules();
            }
            assertThat(after).doesNotContain("tcp dport " + target.port());
        }
    }
}
