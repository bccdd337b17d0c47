package dev.barrage.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.runs.RunEndToEndTest;
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
        RunEndToEndTest.RawReports raw = new RunEndToEndTest.RawReports();
        raw.start();
        try (FaultRun run = FaultRun.start(Map.of("users", 4, "spawnRate", 20, "duration", "10s", "runners", 2))) {
            raw.runId = run.runId;
            awaitReportsOf(raw, run.runId + "-r1", 2); // the runner to kill has reported a few intervals

            ProcessHandle runner1 = runnerProcess(run.runId, 1).orElseThrow(() -> new AssertionError("runner 1 not found"));
            runner1.destroyForcibly();
            long killedAt = System.currentTimeMillis();

            JsonNode ended = run.awaitEnd();
            raw.stop(ended);
            assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("finished");
            JsonNode lost = ended.get("runnerStates").get(1);
            assertThat(lost.get("status").asText()).isIn("lost", "failed");
            assertThat(lost.get("message").asText()).isNotBlank();
            assertThat(ended.get("runnerStates").get(0).get("status").asText()).isEqualTo("stopped");

            assertThat(run.report().at("/aggregated/requests").asLong())
                    .as("the report holds exactly the reports received, the lost runner's included")
                    .isEqualTo(raw.requestsReceived());
            assertThat(raw.requestsOf(run.runId + "-r1")).as("the lost runner had reported before it died").isPositive();
            assertThat(raw.lastReportOf(run.runId + "-r1")).isLessThanOrEqualTo(killedAt + 1000);
            assertThat(raw.requestsOf(run.runId + "-r0")).isGreaterThan(raw.requestsOf(run.runId + "-r1"));
        }
    }

    private static void awaitReportsOf(RunEndToEndTest.RawReports raw, String runnerId, long intervals)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (raw.intervalsOf(runnerId) < intervals) {
            assertThat(System.currentTimeMillis()).as("%s reported %d intervals in time", runnerId, intervals)
                    .isLessThan(deadline);
            Thread.sleep(100);
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


}
