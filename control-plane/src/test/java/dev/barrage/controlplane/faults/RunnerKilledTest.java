package dev.barrage.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.RunEndToEndTest;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A runner process killed mid-run: the run goes on with the other one, says which runner was lost, and its numbers
 * are exactly the survivors' plus what the lost one had reported before it died — nothing more, nothing lost.
 */
@QuarkusTest
class RunnerKilledTest {

    @Test
    void theRunContinuesAndCountsWhatTheLostRunnerReportedBeforeDying() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Checkout.java", RunEndToEndTest.SCENARIO);
        try (DemoTarget target = DemoTarget.start(0)) {
            RunEndToEndTest.RawReports raw = new RunEndToEndTest.RawReports();
            raw.start();
            String runId = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version,
                            "host", target.uri().toString(), "users", 4, "spawnRate", 20, "duration", "10s",
                            "runners", 2)).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
            raw.runId = runId;
            awaitStatus(runId, "running");
            Thread.sleep(3000);

            ProcessHandle runner1 = runnerProcess(runId, 1).orElseThrow(() -> new AssertionError("runner 1 not found"));
            runner1.destroyForcibly();
            long killedAt = System.currentTimeMillis();

            JsonNode run = awaitEnd(runId);
            raw.stop();
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
            JsonNode lost = run.get("runnerStates").get(1);
            assertThat(lost.get("status").asText()).isIn("lost", "failed");
            assertThat(lost.get("message").asText()).isNotBlank();
            assertThat(run.get("runnerStates").get(0).get("status").asText()).isEqualTo("stopped");

            JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
            long received = raw.requestsReceived();
            assertThat(report.at("/aggregated/requests").asLong())
                    .as("the report holds exactly the reports received, the lost runner's included").isEqualTo(received);
            assertThat(raw.requestsOf(runId + "-r1")).as("the lost runner had reported before it died").isPositive();
            assertThat(raw.lastReportOf(runId + "-r1")).isLessThanOrEqualTo(killedAt + 1000);
            assertThat(raw.requestsOf(runId + "-r0")).isGreaterThan(raw.requestsOf(runId + "-r1"));
        }
    }

    static Optional<ProcessHandle> runnerProcess(String runId, int index) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("barrage-runner.jar agent"))
                .filter(p -> environmentMatches(p, runId, index))
                .findFirst();
    }

    /** Reads the process's environment from /proc: the launcher passes the run and runner there. */
    private static boolean environmentMatches(ProcessHandle p, String runId, int index) {
        try {
            String env = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", String.valueOf(p.pid()), "environ")));
            List<String> vars = List.of(env.split("\u0000"));
            return vars.contains("BARRAGE_RUN_ID=" + runId) && vars.contains("BARRAGE_RUNNER_INDEX=" + index);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void awaitStatus(String runId, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (status.equals(Api.as(Keycloak.DEMO).get("/api/runs/" + runId).then().extract().path("status"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " never became " + status);
    }

    private static JsonNode awaitEnd(String runId) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode run = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId).asString());
            if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                return run;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not end");
    }
}
