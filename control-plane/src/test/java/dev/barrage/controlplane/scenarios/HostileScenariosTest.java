package dev.barrage.controlplane.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile scenarios against the real control plane, Kafka and runner processes: what the hosted rules can see is
 * refused at upload with its line and column; what they cannot (a static initializer or a task that never ends or
 * takes all the memory) meets the check's and the runner's limits, the run fails with a reason that says what and
 * where, and the control plane goes on answering meanwhile. The limits are lowered so that each case takes seconds.
 */
@QuarkusTest
@TestProfile(HostileScenariosTest.LowLimits.class)
class HostileScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bound on the control plane's answers while a hostile scenario runs or is checked. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(2);

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "barrage.limits.check-timeout", "15s",
                    "barrage.limits.check-heap", "128m",
                    "barrage.launch.local.heap", "128m",
                    "barrage.launch.guard.stop-grace", "8s",
                    "barrage.launch.guard.starvation-limit", "3s");
        }
    }

    private static Response upload(String project, String fileName, String source) {
        return Api.as(Keycloak.DEMO).body(Map.of("fileName", fileName, "source", source))
                .post("/api/projects/" + project + "/scenarios");
    }

    @Test
    void forbiddenApisAreRefusedAtUploadWithTheirLineAndColumn() {
        String project = Api.newProject(Keycloak.DEMO);
        record Case(String api, String statement, int column) {}
        List<Case> cases = List.of(
                new Case("System.exit", "System.exit(0);", 16),
                new Case("Files.readString", "java.nio.file.Files.readString(null);", 29),
                new Case("new Thread", "new Thread(() -> {}).start();", 9),
                new Case("new ProcessBuilder", "new ProcessBuilder(\"sh\").start();", 9));
        for (Case c : cases) {
            String source = """
                    import dev.barrage.scenario.*;
                    public class Hostile extends HttpUser {
                        @Task void harm() throws Exception {
                            %s
                        }
                    }
                    """.formatted(c.statement());
            upload(project, "Hostile.java", source).then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Scenario Not Allowed"))
                    .body("detail", containsString("Hostile.java:4:" + c.column() + ": " + c.api()
                            + " is not allowed in a hosted scenario"))
                    .body("errors[0].file", equalTo("Hostile.java"))
                    .body("errors[0].line", equalTo(4))
                    .body("errors[0].column", equalTo(c.column()))
                    .body("errors[0].message", containsString(c.api() + " is not allowed in a hosted scenario"));
        }
        upload(project, "Sneaky.java", """
                import dev.barrage.scenario.*;
                public class Sneaky extends HttpUser {
                    static final Feeder SECRETS = Feeder.csv("../../../../etc/passwd");
                    @Task void a() { client.get("/fast").send(); }
                }
                """).then().statusCode(422)
                .body("detail", containsString("Sneaky.java:3: test data file ../../../../etc/passwd is outside the "
                        + "scenario's folder"));
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void aStaticInitializerThatNeverEndsMeetsTheCheckTimeLimit() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        Response refused = whileAnswering(() -> upload(project, "Forever.java", """
                import dev.barrage.scenario.*;
                public class Forever extends HttpUser {
                    static volatile boolean looping = true;
                    static { while (looping) { } }
                    @Task void a() { client.get("/fast").send(); }
                }
                """));
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("detail"))
                .startsWith("checking the scenario took longer than 15 s, so it was stopped")
                .contains("a static initializer that never ends?");
    }

    @Test
    void aStaticInitializerThatAllocatesForeverMeetsTheCheckMemoryLimit() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        Response refused = whileAnswering(() -> upload(project, "Hoarder.java", """
                import dev.barrage.scenario.*;
                import java.util.ArrayList;
                import java.util.List;
                public class Hoarder extends HttpUser {
                    static final List<long[]> HOARD = new ArrayList<>();
                    static { while (HOARD.size() >= 0) { HOARD.add(new long[1 << 17]); } }
                    @Task void a() { client.get("/fast").send(); }
                }
                """));
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(422);
        assertThat(refused.jsonPath().getString("detail"))
                .isEqualTo("the scenario exhausted the memory of its check (a 128m heap) while it was compiled and its "
                        + "classes loaded (a static initializer that keeps allocating?)");
    }

    @Test
    void aTaskThatNeverEndsFailsTheRunSayingWhere() throws Exception {
        JsonNode run = runToTheEnd("Spin.java", """
                import dev.barrage.scenario.*;
                public class Spin extends HttpUser {
                    static volatile boolean spinning = true;
                    @Task void spin() {
                        while (spinning) { }
                    }
                }
                """);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("failed");
        // which limit catches it depends on the processors: every carrier held (few), or the end of the run (many)
        assertThat(run.get("statusReason").asText()).as(run.toString())
                .contains("Spin.spin(Spin.java:5)")
                .containsAnyOf("held every carrier thread", "did not end within", "did not stop when the run ended");
        assertThat(run.get("runnerStates").get(0).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void aTaskThatAllocatesWithoutBoundFailsTheRunOnMemory() throws Exception {
        JsonNode run = runToTheEnd("Hoard.java", """
                import dev.barrage.scenario.*;
                import java.util.ArrayList;
                import java.util.List;
                public class Hoard extends HttpUser {
                    static final List<byte[]> HOARD = new ArrayList<>();
                    @Task void grab() { synchronized (HOARD) { HOARD.add(new byte[256 * 1024]); } }
                }
                """);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.get("statusReason").asText()).as(run.toString())
                .contains("the scenario exhausted the runner's memory");
    }

    /**
     * Uploads (the rules and the check let it through), runs it with two users for three seconds on one runner, and
     * waits for the end, checking all along that the control plane answers within the bound.
     */
    private JsonNode runToTheEnd(String fileName, String source) throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, fileName, source);
        try (DemoTarget target = DemoTarget.start(0)) {
            String runId = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host",
                            target.uri().toString(), "users", 2, "spawnRate", 10, "duration", "3s", "runners", 1))
                    .post("/api/projects/" + project + "/runs").then().statusCode(201).extract().path("id");
            return whileAnswering(() -> {
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline) {
                    JsonNode run = json(Api.as(Keycloak.DEMO).get("/api/runs/" + runId));
                    if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                        return run;
                    }
                    sleep(500);
                }
                throw new AssertionError("run " + runId + " did not end");
            });
        }
    }

    /**
     * Does the work (on this thread) while another asks, every half second, for the list of projects: each answer must
     * come within the bound.
     */
    private static <T> T whileAnswering(Supplier<T> work) throws Exception {
        String token = Keycloak.token(Keycloak.DEMO);
        URI projects = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                + "/api/projects");
        java.util.concurrent.atomic.AtomicBoolean working = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Integer> asking = new CompletableFuture<>();
        Thread.ofPlatform().name("asking-the-api").start(() -> {
            try (HttpClient http = HttpClient.newHttpClient()) {
                int answered = 0;
                while (working.get()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(projects).timeout(ANSWER_BOUND)
                                    .header("Authorization", "Bearer " + token).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new AssertionError("GET /api/projects answered " + r.statusCode() + ": " + r.body());
                    }
                    answered++;
                    Thread.sleep(500);
                }
                asking.complete(answered);
            } catch (Throwable t) {
                asking.completeExceptionally(t);
            }
        });
        T result;
        try {
            result = work.get();
        } finally {
            working.set(false);
        }
        assertThat(asking.get()).as("the control plane answered while it happened").isPositive();
        return result;
    }

    private static JsonNode json(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
