package dev.barrage.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.RunEndToEndTest;
import dev.barrage.runner.demo.DemoTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A run of the end-to-end scenario against its own demo target, for a fault test to break in the middle. */
final class FaultRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final DemoTarget target;
    final String project;
    final String runId;

    private FaultRun(DemoTarget target, String project, String runId) {
        this.target = target;
        this.project = project;
        this.runId = runId;
    }

    /** Uploads the scenario and starts a run with these settings (host and scenario filled in) against a new target. */
    static FaultRun start(Map<String, Object> settings) throws IOException {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Checkout.java", RunEndToEndTest.SCENARIO);
        DemoTarget target = DemoTarget.start(0);
        Map<String, Object> body = new HashMap<>(settings);
        body.put("scenarioVersionId", version);
        body.put("host", target.uri().toString());
        String runId = Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs")
                .then().statusCode(201).extract().path("id");
        return new FaultRun(target, project, runId);
    }

    /** Waits until the run runs and the control plane has counted at least {@code requests} of its requests. */
    void awaitCounted(long requests) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            var r = Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report");
            if (r.statusCode() == 200 && JSON.readTree(r.asString()).at("/aggregated/requests").asLong() >= requests) {
                return;
            }
            assertThat(System.currentTimeMillis()).as("run %s counted %d requests in time", runId, requests)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits for the run's end; answers of 503 (the database away) are waited through. */
    JsonNode awaitEnd() throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        JsonNode run = null;
        while (System.currentTimeMillis() < deadline) {
            var r = Api.as(Keycloak.DEMO).get("/api/runs/" + runId);
            if (r.statusCode() == 200) {
                run = JSON.readTree(r.asString());
                if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                    return run;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not end: " + run);
    }

    JsonNode report() throws IOException {
        return JSON.readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
    }

    /** Every request the target received, by its own count. */
    long targetTotal() {
        return target.counts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Lets the fault last {@code outage}, checking meanwhile that load still reaches the target. */
    void holdFault(Duration outage) throws InterruptedException {
        long before = targetTotal();
        Thread.sleep(outage.toMillis());
        assertThat(targetTotal()).as("the runners kept sending load during the fault").isGreaterThan(before);
    }

    @Override
    public void close() {
        target.close();
    }
}
