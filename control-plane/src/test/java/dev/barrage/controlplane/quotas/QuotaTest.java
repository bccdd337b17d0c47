package dev.barrage.controlplane.quotas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VU-hours: metered from what ran (checked against the user curve the target itself saw), refused up front with the
 * numbers, never double-booked by concurrent starts, and a running run stopped when the balance runs out. Uses the
 * second test person's own account, whose plan the operator endpoint changes.
 */
@QuarkusTest
class QuotaTest {
    static final String USER = Keycloak.OTHER_TENANT;
    /** Each user says who it is, so the target can tell when each one started and stopped. */
    static final String SESSIONS = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            import java.util.UUID;
            public class Sessions extends HttpUser {
                private final String session = UUID.randomUUID().toString();
                @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(50)); }
                @Override public void onStart() { client.defaultHeader("X-Demo-Session", session); }
                @Task void ping() { client.get("/fast").send(); }
            }
            """;

    static DemoTarget target;
    String account;
    String project;
    String version;

    @BeforeAll
    static void startTarget() throws Exception {
        target = DemoTarget.start(0);
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    void setUp() {
        account = Api.as(USER).get("/api/me").then().statusCode(200).extract().path("currentAccount");
        project = Api.newProject(USER);
        version = Api.upload(USER, project, "Sessions.java", SESSIONS);
    }

    @AfterEach
    void backToTheFreePlan() {
        if (account != null) {
            plan("free", null);
        }
    }

    static void plan(String account, String plan, String vuHours) {
        given().contentType(ContentType.JSON).header(OperatorResource.TOKEN_HEADER, "test-operator-secret")
                .body(vuHours == null ? Map.of("plan", plan) : Map.of("plan", plan, "vuHoursPerMonth", new BigDecimal(vuHours)))
                .put("/operator-api/accounts/" + account + "/plan").then().statusCode(200);
    }

    void plan(String plan, String vuHours) {
        plan(account, plan, vuHours);
    }

    io.restassured.response.Response start(int users, double spawnRate, String duration) {
        return Api.as(USER).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(), "users", users,
                "spawnRate", spawnRate, "duration", duration, "stopTimeout", "5s")).post("/api/projects/" + project + "/runs");
    }

    @Test
    void theLedgerHoldsTheIntegralOfTheUserCurveToTheVuSecond() throws Exception {
        setUp();
        plan("enterprise", "10");
        target.resetCounts();
        String run = start(4, 2, "8s").then().statusCode(201).extract().path("id");
        awaitStatus(run, "running", 60);
        awaitReports(run, 3, 30); // a few seconds at 4 users before the change
        Api.as(USER).body(Map.of("users", 7, "spawnRate", 4)).post("/api/runs/" + run + "/users").then().statusCode(202);
        awaitStatus(run, "finished", 60);

        // the curve as the target saw it: each user from its first to its last request (they ask every ~50 ms)
        Map<String, long[]> sessions = target.sessions();
        assertThat(sessions).hasSize(7);
        long expectedMillis = sessions.values().stream().mapToLong(s -> s[1] - s[0]).sum();
        long ledgerMillis = QuarkusTransaction.requiringNew().call(() -> UsageEntry.getEntityManager()
                .createQuery("select sum(u.vuMillis) from UsageEntry u where u.runId = :r", Long.class)
                .setParameter("r", UUID.fromString(run)).getSingleResult());
        long rows = QuarkusTransaction.requiringNew().call(() -> UsageEntry.count("runId", UUID.fromString(run)));
        assertThat((double) ledgerMillis).as("VU-milliseconds in the ledger vs the target's user curve")
                .isCloseTo(expectedMillis, org.assertj.core.data.Offset.offset(1000.0));
        assertThat(rows).as("written in batches of at most 10 s").isGreaterThanOrEqualTo(1);

        Api.as(USER).get("/api/usage").then().statusCode(200)
                .body("plan.id", equalTo("enterprise"))
                .body("usedVuHours", equalTo(VuHours.of(usedThisMonth()).floatValue()))
                .body("runs.find { it.runId == '" + run + "' }.vuHours", equalTo(VuHours.of(ledgerMillis).floatValue()));
    }

    @Test
    void aRunThatCannotFitIsRefusedWithTheNumbers() {
        setUp();
        long used = usedThisMonth();
        // room for 36 VU-seconds beyond what this account has used
        plan("enterprise", VuHours.of(used + 36_000).toPlainString());
        start(10, 10, "10s").then().statusCode(402).contentType("application/problem+json")
                .body("requested", equalTo(0.028f))
                .body("remaining", equalTo(0.01f))
                .body("detail", containsString("this run needs 0.028 VU-hours (10 users for 10 s)"));
        plan("free", null);
        start(600, 10, "10s").then().statusCode(409).body("field", equalTo("users")).body("limit", equalTo(500))
                .body("detail", containsString("the Free plan allows 500 users per run"));
        start(5, 10, "2h").then().statusCode(409).body("field", equalTo("durationSeconds"));
        assertThat(Api.as(USER).get("/api/runs?projectId=" + project).then().extract().<List<Object>>path("$")).isEmpty();
    }

    @Test
    void twoStartsAtOnceCannotBothTakeTheLastVuHours() throws Exception {
        setUp();
        long used = usedThisMonth();
        plan("enterprise", VuHours.of(used + 40_000).toPlainString()); // 40 VU-s: one run of 30 fits, not two
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(pool.submit(() -> {
                together.await();
                return start(3, 10, "10s");
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        String started = null;
        for (Future<io.restassured.response.Response> f : answers) {
            io.restassured.response.Response r = f.get();
            statuses.add(r.statusCode());
            if (r.statusCode() == 201) {
                started = r.path("id");
            }
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(201, 402);
        Api.as(USER).post("/api/runs/" + started + "/stop").then().statusCode(202);
        awaitStatus(started, "stopped", 60);
    }

    @Test
    void aRunningRunIsStoppedWhenTheBalanceRunsOut() throws Exception {
        setUp();
        plan("enterprise", "10");
        String run = start(2, 10, "2m").then().statusCode(201).extract().path("id");
        awaitStatus(run, "running", 60);
        awaitReports(run, 2, 30); // the run has used something before the allowance is cut
        plan("enterprise", VuHours.of(usedThisMonth() + 1).toPlainString()); // the operator cuts the allowance
        awaitStatus(run, "stopped", 45);
        Api.as(USER).get("/api/runs/" + run).then().body("statusReason", containsString("quota exhausted"));
    }

    long usedThisMonth() {
        return QuarkusTransaction.requiringNew().call(() -> UsageEntry.getEntityManager()
                .createQuery("select coalesce(sum(u.vuMillis), 0) from UsageEntry u where u.accountId = :a and u.month = :m",
                        Long.class)
                .setParameter("a", UUID.fromString(account))
                .setParameter("m", QuotaService.monthOf(java.time.Instant.now())).getSingleResult());
    }

    /** Waits until every runner of the run has sent at least {@code reports} interval reports. */
    void awaitReports(String run, int reports, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            List<Integer> last = Api.as(USER).get("/api/runs/" + run).then().extract().path("runnerStates.lastReport");
            if (!last.isEmpty() && last.stream().allMatch(n -> n + 1 >= reports)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("run " + run + " has reports " + last + ", not " + reports + " from each runner");
            }
            Thread.sleep(200);
        }
    }

    void awaitStatus(String run, String status, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        String now = "";
        while (System.currentTimeMillis() < deadline) {
            now = Api.as(USER).get("/api/runs/" + run).then().extract().path("status");
            if (now.equals(status)) {
                return;
            }
            if (List.of("finished", "stopped", "failed").contains(now)) {
                break;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("run " + run + " is " + now + ", not " + status + ": "
                + Api.as(USER).get("/api/runs/" + run).asString());
    }
}
