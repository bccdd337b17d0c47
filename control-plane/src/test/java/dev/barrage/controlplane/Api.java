package dev.barrage.controlplane;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** The REST API as a signed-in person calls it. */
public final class Api {
    /** The smallest scenario that compiles and runs: one user class, one task. */
    public static final String MINIMAL_SCENARIO = """
            import dev.barrage.scenario.*;
            public class Ok extends HttpUser {
                @Task void home() { client.get("/fast").send(); }
            }
            """;

    private Api() {}

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Keycloak.token(user)).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static String newProject(String user) {
        return as(user).body(Map.of("name", "p-" + UUID.randomUUID())).post("/api/projects")
                .then().statusCode(201).extract().path("id");
    }

    /** Uploads a scenario and returns its version id. */
    public static String upload(String user, String projectId, String fileName, String source) {
        return as(user).body(Map.of("fileName", fileName, "source", source))
                .post("/api/projects/" + projectId + "/scenarios")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * Starts a run, waiting (up to 90 s, retrying every 2 s) while the plan's limit of runs at once is taken: other
     * tests share the demo account, as a team shares its plan. Returns the answer to the last try.
     */
    public static io.restassured.response.Response startRun(String user, String projectId, Map<String, Object> body)
            throws InterruptedException {
        io.restassured.response.Response started = as(user).body(body).post("/api/projects/" + projectId + "/runs");
        for (int i = 0; i < 45 && started.statusCode() == 409 && "concurrentRuns".equals(started.path("field")); i++) {
            Thread.sleep(2000);
            started = as(user).body(body).post("/api/projects/" + projectId + "/runs");
        }
        return started;
    }

    /** Polls the run until it has ended (finished, stopped or failed), at most {@code limit}; returns its view. */
    public static io.restassured.path.json.JsonPath awaitEnd(String user, String runId, java.time.Duration limit)
            throws InterruptedException {
        return io.restassured.path.json.JsonPath.from(awaitEndBody(user, runId, limit));
    }

    /** {@link #awaitEnd}, the view as a Jackson tree. */
    public static com.fasterxml.jackson.databind.JsonNode awaitEndJson(String user, String runId, java.time.Duration limit)
            throws InterruptedException, java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(awaitEndBody(user, runId, limit));
    }

    private static String awaitEndBody(String user, String runId, java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String body = as(user).get("/api/runs/" + runId).then().statusCode(200).extract().asString();
            String status = io.restassured.path.json.JsonPath.from(body).getString("status");
            if (java.util.List.of("finished", "stopped", "failed").contains(status)) {
                return body;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not end within " + limit + ": " + body);
            }
            Thread.sleep(250);
        }
    }

    /** Reads a run's live stream in the background until it ends; the returned list fills as events arrive. */
    public static java.util.List<com.fasterxml.jackson.databind.JsonNode> followLive(String user, String runId) {
        return followLiveThenRead(user, runId).events();
    }

    /** The live events as they arrive, and the run as {@code GET /api/runs/{id}} answers the moment its stream ends. */
    public record LiveFollow(java.util.List<com.fasterxml.jackson.databind.JsonNode> events,
            java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode> runWhenTheStreamEnded) {}

    public static LiveFollow followLiveThenRead(String user, String runId) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        var atEnd = new java.util.concurrent.CompletableFuture<com.fasterxml.jackson.databind.JsonNode>();
        String token = Keycloak.token(user);
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/api/runs/" + runId + "/live");
        Thread.ofVirtual().start(() -> {
            try {
                var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
                var json = new com.fasterxml.jackson.databind.ObjectMapper();
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (line.startsWith("data:")) {
                        events.add(json.readTree(line.substring(5).trim()));
                    }
                }
                var run = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/api/runs/" + runId))
                        .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                atEnd.complete(json.readTree(run.body()));
            } catch (Exception e) {
                // the caller checks what arrived
                atEnd.completeExceptionally(e);
            }
        });
        return new LiveFollow(events, atEnd);
    }
}
