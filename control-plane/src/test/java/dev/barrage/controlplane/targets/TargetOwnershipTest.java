package dev.barrage.controlplane.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A host takes more than a trial run only after the account proves it owns it, by a file on the host or a DNS TXT
 * record. Loopback is treated here like any other host (as {@code barrage.targets.loopback=verify}), so a local
 * server and a local DNS server can stand in for someone's service and their DNS.
 */
@QuarkusTest
@TestProfile(TargetOwnershipTest.VerifyLoopback.class)
class TargetOwnershipTest {
    static final int DNS_PORT = 18053;
    static final String TAG = "target-ownership-test";

    public static class VerifyLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("barrage.targets.loopback", "verify", "barrage.targets.trial-users", "5",
                    "barrage.targets.trial-seconds", "30", "barrage.targets.dns-server", "127.0.0.1:" + DNS_PORT);
        }
    }

    @Test
    void aHostTakesOnlyATrialRunUntilTheAccountProvesItOwnsIt() throws Exception {
        AtomicReference<String> published = new AtomicReference<>("");
        AtomicInteger wellKnownFetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            int status = 200;
            if (exchange.getRequestURI().getPath().equals(OwnershipProof.WELL_KNOWN_PATH)) {
                wellKnownFetches.incrementAndGet();
                body = published.get().getBytes(StandardCharsets.UTF_8);
                status = body.length == 0 ? 404 : 200;
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (TxtRecordServer dns = new TxtRecordServer(DNS_PORT)) {
            // the database outlives test runs: start from an account that has proved nothing and runs nothing of ours
            for (String status : java.util.List.of("starting", "running", "stopping")) {
                for (String id : Api.as(Keycloak.DEMO).queryParam("tag", TAG).queryParam("status", status)
                        .get("/api/runs").then().statusCode(200).extract().<java.util.List<String>>path("id")) {
                    stop(id);
                }
            }
            for (String id : Api.as(Keycloak.DEMO).get("/api/targets").then().statusCode(200).extract()
                    .<java.util.List<String>>path("id")) {
                Api.as(Keycloak.DEMO).delete("/api/targets/" + id).then().statusCode(204);
            }
            // nor any trial run of earlier test runs, which would count against today's limit of trials per host
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() ->
                    TrialRun.delete("host in ?1", java.util.List.of("127.0.0.1", "localhost")));
            String origin = "http://127.0.0.1:" + server.getAddress().getPort();
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Ok.java", Api.MINIMAL_SCENARIO);

            // unverified: more than the trial is refused, saying what to do; the trial itself starts
            Api.as(Keycloak.DEMO).body(run(version, origin, 20, "5m")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("title", equalTo("Target Not Verified")).body("host", equalTo("127.0.0.1"))
                    .body("trialUsers", equalTo(5)).body("detail", containsString("POST /api/targets"));
            // the estimate says so before anything starts
            Api.as(Keycloak.DEMO).body(run(version, origin, 20, "5m")).post("/api/projects/" + project + "/runs/estimate")
                    .then().statusCode(200).body("wouldStart", equalTo(false))
                    .body("refusals.title", org.hamcrest.Matchers.hasItem("Target Not Verified"));
            io.restassured.response.Response trial = Api.as(Keycloak.DEMO).body(run(version, origin, 5, "30s"))
                    .post("/api/projects/" + project + "/runs");
            if (trial.statusCode() == 201) {
                String trialRun = trial.path("id");
                assertThat(io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> TrialRun.count(
                        "runId = ?1 and host = ?2", java.util.UUID.fromString(trialRun), "127.0.0.1")))
                        .as("the trial counts against the day's limits").isEqualTo(1);
            }
            passesThePolicy(trial);

            // proof by a file on the host: refused while the file is missing or holds another token
            var added = Api.as(Keycloak.DEMO).body(Map.of("host", origin + "/some/path")).post("/api/targets")
                    .then().statusCode(201).body("host", equalTo("127.0.0.1")).body("verified", equalTo(false)).extract();
            String target = added.path("id");
            String token = added.path("instructions.fileContent");
            Map<String, String> byFile = Map.of("method", "file", "origin", origin);
            Api.as(Keycloak.DEMO).body(byFile).post("/api/targets/" + target + "/verify").then().statusCode(422)
                    .body("title", equalTo("Ownership Not Proved")).body("detail", containsString("HTTP 404"));
            published.set("someone-elses-token\n");
            Api.as(Keycloak.DEMO).body(byFile).post("/api/targets/" + target + "/verify").then().statusCode(422)
                    .body("detail", containsString("does not hold this account's token"));
            published.set("# barrage\n" + token + "\n");
            Api.as(Keycloak.DEMO).body(byFile).post("/api/targets/" + target + "/verify").then().statusCode(200)
                    .body("target.verified", equalTo(true)).body("target.method", equalTo("file"));
            assertThat(wellKnownFetches.get()).isEqualTo(3);
            Api.as(Keycloak.DEMO).body(run(version, origin, 20, "5m")).post("/api/projects/" + project + "/runs/estimate")
                    .then().statusCode(200).body("refusals.title", org.hamcrest.Matchers.not(
                            org.hamcrest.Matchers.hasItem("Target Not Verified")));
            passesThePolicy(Api.as(Keycloak.DEMO).body(run(version, origin, 20, "5m")).post("/api/projects/" + project + "/runs"));

            // proof is per account: another account is still held to the trial on the same host
            String otherProject = Api.newProject(Keycloak.OTHER_TENANT);
            String otherVersion = Api.upload(Keycloak.OTHER_TENANT, otherProject, "Ok.java", Api.MINIMAL_SCENARIO);
            Api.as(Keycloak.OTHER_TENANT).body(run(otherVersion, origin, 20, "5m"))
                    .post("/api/projects/" + otherProject + "/runs").then().statusCode(403);
            Api.as(Keycloak.OTHER_TENANT).get("/api/targets/" + target).then().statusCode(404);

            // proof by DNS: a TXT record on _barrage-verification.<host>
            String localOrigin = "http://localhost:" + server.getAddress().getPort();
            var named = Api.as(Keycloak.DEMO).body(Map.of("host", "LocalHost")).post("/api/targets").then().statusCode(201)
                    .body("instructions.dnsName", equalTo("_barrage-verification.localhost")).extract();
            Api.as(Keycloak.DEMO).body(Map.of("method", "dns")).post("/api/targets/" + named.path("id") + "/verify")
                    .then().statusCode(422).body("detail", containsString("TXT _barrage-verification.localhost"));
            dns.records.put("_barrage-verification.localhost", named.path("instructions.dnsValue"));
            Api.as(Keycloak.DEMO).body(Map.of("method", "dns")).post("/api/targets/" + named.path("id") + "/verify")
                    .then().log().ifValidationFails().statusCode(200).body("target.method", equalTo("dns"));
            passesThePolicy(Api.as(Keycloak.DEMO).body(run(version, localOrigin, 20, "5m")).post("/api/projects/" + project + "/runs"));
            assertThat(Api.as(Keycloak.DEMO).get("/api/targets").then().statusCode(200).extract()
                    .<java.util.List<String>>path("host")).contains("127.0.0.1", "localhost");

            // never: link-local addresses such as a cloud's metadata service, verified or not, not even contacted
            Api.as(Keycloak.DEMO).body(run(version, "http://169.254.169.254", 1, "10s"))
                    .post("/api/projects/" + project + "/runs").then().statusCode(403)
                    .body("detail", containsString("can never be a target"));

            // removal takes the proof away
            Api.as(Keycloak.DEMO).delete("/api/targets/" + target).then().statusCode(204);
            Api.as(Keycloak.DEMO).body(run(version, origin, 20, "5m")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(403);
        } finally {
            server.stop(0);
        }
    }

    private static Map<String, Object> run(String version, String host, int users, String duration) {
        return Map.of("scenarioVersionId", version, "host", host, "users", users, "spawnRate", 100, "duration", duration,
                "tags", java.util.List.of(TAG));
    }

    /**
     * The run got past the target policy: it started (and is stopped at once), or only the plan's limit of runs at
     * once held it back (other tests of the account may be running theirs), which is checked after the policy.
     */
    private static void passesThePolicy(io.restassured.response.Response r) throws InterruptedException {
        if (r.statusCode() == 409) {
            r.then().body("title", equalTo("Plan Limit")).body("detail", containsString("runs at once"));
        } else {
            r.then().statusCode(201);
            stop(r.path("id"));
        }
    }

    /** Stops the run and waits for it to end: the plan allows two runs at once. */
    private static void stop(String run) throws InterruptedException {
        Api.as(Keycloak.DEMO).post("/api/runs/" + run + "/stop").then().statusCode(org.hamcrest.Matchers.oneOf(202, 409));
        Api.awaitEnd(Keycloak.DEMO, run, java.time.Duration.ofSeconds(90));
    }
}
