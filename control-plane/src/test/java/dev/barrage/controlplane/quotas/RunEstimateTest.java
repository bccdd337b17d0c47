package dev.barrage.controlplane.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.Run;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/projects/{id}/runs/estimate}: the VU-hours a run would hold, computed from its users, shape and
 * duration, against figures worked out by hand; the balance against the ledger read directly; the refusals a start
 * would answer; the start holding exactly the estimate, and the shape's run using about that. Uses the second test person's account, as QuotaTest.
 */
@QuarkusTest
class RunEstimateTest {
    static final String USER = Keycloak.OTHER_TENANT;
    static final String SHAPED = RunEstimateTestSources.SHAPED;
    /**
     * By hand: 0→4 users at 2/s takes 2 s (2×4/2 = 4 user-s), then 2 s × 4 = 8; 4→2 at 4/s takes 0.5 s (0.5×3 = 1.5),
     * then 3.5 s × 2 = 7: 20.5 user-seconds.
     */
    static final long SHAPED_MILLIS = 20_500;

    static DemoTarget target;
    String account;
    String project;
    String plain;
    String shaped;

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
        plain = Api.upload(USER, project, "Ok.java", Api.MINIMAL_SCENARIO);
        shaped = Api.upload(USER, project, "Shaped.java", SHAPED);
    }

    @AfterEach
    void backToTheFreePlan() {
        if (account != null) {
            QuotaTest.plan(account, "free", null);
        }
    }

    Map<String, Object> body(String version, int users, String duration) {
        return Map.of("scenarioVersionId", version, "host", target.uri().toString(), "users", users, "spawnRate", 10,
                "duration", duration);
    }

    JsonPath estimate(Map<String, Object> body) {
        return Api.as(USER).body(body).post("/api/projects/" + project + "/runs/estimate").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void constantUsersAndAShapeArePricedAsWorkedOutByHand() {
        setUp();
        QuotaTest.plan(account, "enterprise", "1000");
        JsonPath constant = estimate(body(plain, 10, "90s"));
        assertThat(constant.getLong("requestedVuMillis")).isEqualTo(10L * 90 * 1000); // 900 VU-seconds
        assertThat(constant.getString("requestedVuHours")).isEqualTo("0.25");
        assertThat(constant.getString("basis")).isEqualTo("users");
        assertThat(constant.getString("description")).isEqualTo("10 users for 90 s");
        assertThat(constant.getBoolean("wouldStart")).isTrue();
        assertThat(constant.getList("refusals")).isEmpty();
        // the balance, from the ledger and the runs read here
        long used = used();
        long held = held();
        long remaining = VuHours.toMillis(new java.math.BigDecimal("1000")) - used - held;
        assertThat(constant.getString("allowanceVuHours")).isEqualTo("1000.0");
        assertThat(new java.math.BigDecimal(constant.getString("usedVuHours"))).isEqualByComparingTo(VuHours.of(used));
        assertThat(new java.math.BigDecimal(constant.getString("remainingVuHours"))).isEqualByComparingTo(VuHours.of(remaining));
        assertThat(new java.math.BigDecimal(constant.getString("remainingAfterVuHours")))
                .isEqualByComparingTo(VuHours.of(remaining - 900_000));
        assertThat(constant.getString("plan.id")).isEqualTo("enterprise");
        assertThat(constant.getInt("plan.maxUsersPerRun")).isEqualTo(50_000);

        JsonPath shape = estimate(body(shaped, 1, "1m"));
        assertThat(shape.getLong("requestedVuMillis")).isEqualTo(SHAPED_MILLIS);
        assertThat(shape.getString("basis")).isEqualTo("stages");
        assertThat(shape.getInt("peakUsers")).isEqualTo(4);
        assertThat(shape.getDouble("chargedSeconds")).isEqualTo(8.0);
        assertThat(shape.getList("stages")).hasSize(2);
        assertThat(shape.getInt("stages[0].users")).isEqualTo(4);
        assertThat(shape.getDouble("stages[1].spawnRate")).isEqualTo(4.0);
        assertThat(shape.getString("description")).contains("Steps's 2 stages", "20.5 user-seconds");
        // the run's duration cuts the stages: 3 s = the 2 s ramp (4) and 1 s at 4 users (4): 8 user-seconds
        assertThat(estimate(body(shaped, 1, "3s")).getLong("requestedVuMillis")).isEqualTo(8_000);
        assertThat(runs()).as("an estimate starts nothing").isEmpty();
    }

    @Test
    void theRefusalsAreThoseTheStartAnswers() {
        setUp();
        long used = used();
        long held = held();
        // room for 50 VU-seconds beyond what this account has used and holds
        QuotaTest.plan(account, "enterprise", VuHours.of(used + held + 50_000).toPlainString());
        JsonPath tooMuch = estimate(body(plain, 10, "10s"));
        assertThat(tooMuch.getBoolean("wouldStart")).isFalse();
        assertThat(tooMuch.getInt("refusals[0].status")).isEqualTo(402);
        assertThat(tooMuch.getString("refusals[0].detail")).contains("this run needs 0.028 VU-hours (10 users for 10 s)");
        // 50 VU-seconds are 0.014 VU-hours; other tests on this shared account may have used a little since
        assertThat(new java.math.BigDecimal(tooMuch.getString("remainingVuHours")))
                .isBetween(java.math.BigDecimal.ZERO, new java.math.BigDecimal("0.014"));
        Api.as(USER).body(body(plain, 10, "10s")).post("/api/projects/" + project + "/runs").then().statusCode(402)
                .body("requested", equalTo(0.028f))
                .body("detail", containsString("this run needs 0.028 VU-hours (10 users for 10 s) but the account has"));
        // the shape's 20.5 VU-seconds fit where 100 for 10 users × 10 s do not
        assertThat(estimate(body(shaped, 10, "10s")).getBoolean("wouldStart")).isTrue();

        QuotaTest.plan(account, "free", null);
        JsonPath limits = estimate(body(plain, 600, "2h"));
        assertThat(limits.getBoolean("wouldStart")).isFalse();
        assertThat(limits.getList("refusals.field")).startsWith("users", "durationSeconds");
        assertThat(limits.getInt("refusals[0].status")).isEqualTo(409);
        assertThat(limits.getInt("refusals[0].limit")).isEqualTo(500);
        Api.as(USER).body(body(plain, 600, "2h")).post("/api/projects/" + project + "/runs").then().statusCode(409)
                .body("field", equalTo("users")).body("detail", containsString("the Free plan allows 500 users per run"));
        // bad input is answered as the start answers it
        Api.as(USER).body(body(plain, 0, "10s")).post("/api/projects/" + project + "/runs/estimate").then()
                .statusCode(400).body("field", equalTo("users"));
        // a host that does not resolve now: the start would refuse it, so the estimate says so (and still prices it)
        Map<String, Object> unresolved = new java.util.HashMap<>(body(plain, 10, "10s"));
        unresolved.put("host", "http://no-such-host.invalid:8080");
        JsonPath nowhere = estimate(unresolved);
        assertThat(nowhere.getBoolean("wouldStart")).isFalse();
        assertThat(nowhere.getLong("requestedVuMillis")).isEqualTo(100_000);
        assertThat(nowhere.getInt("refusals[0].status")).isEqualTo(422);
        assertThat(nowhere.getString("refusals[0].field")).isEqualTo("host");
        assertThat(nowhere.getString("refusals[0].detail")).contains("no-such-host.invalid", "does not resolve");
        Api.as(USER).body(unresolved).post("/api/projects/" + project + "/runs").then().statusCode(422)
                .body("detail", containsString("does not resolve"));
        assertThat(runs()).isEmpty();
    }

    @Test
    void theStartHoldsTheEstimateAndTheRunUsesAboutThat() throws Exception {
        setUp();
        QuotaTest.plan(account, "enterprise", "1000");
        JsonPath estimate = estimate(body(shaped, 1, "1m"));
        String run = Api.as(USER).body(body(shaped, 1, "1m")).post("/api/projects/" + project + "/runs").then()
                .statusCode(201).extract().path("id");
        long reserved = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(UUID.fromString(run)).reservedVuMillis);
        assertThat(reserved).as("held at the start").isEqualTo(estimate.getLong("requestedVuMillis")).isEqualTo(SHAPED_MILLIS);
        awaitEnd(run);
        // what ran, from the run's own report: its users each second, summed (the ledger is not used here, since
        // every control plane sharing the test database and Kafka meters the runs it hears about)
        JsonPath report = Api.as(USER).get("/api/runs/" + run + "/report").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = report.getList("history.findAll { it.key == null }");
        long previous = ((Number) rows.getFirst().get("epochMillis")).longValue() - 1000; // intervals are 1 s
        double userSeconds = 0;
        for (Map<String, Object> row : rows) {
            long end = ((Number) row.get("epochMillis")).longValue();
            userSeconds += ((Number) row.get("users")).intValue() * (end - previous) / 1000.0;
            previous = end;
        }
        // users start one by one (at i / rate s) and the shape is read once a second, so what ran is close to, not
        // exactly, the straight-line curve: within 4 of its 20.5 user-seconds
        assertThat(userSeconds * 1000).as("the run's user curve vs the estimate").isCloseTo(SHAPED_MILLIS,
                org.assertj.core.data.Offset.offset(4000.0));
    }

    List<Object> runs() {
        return Api.as(USER).get("/api/runs?projectId=" + project).then().extract().path("$");
    }

    long used() {
        return QuarkusTransaction.requiringNew().call(() -> UsageEntry.getEntityManager()
                .createQuery("select coalesce(sum(u.vuMillis), 0) from UsageEntry u where u.accountId = :a and u.month = :m",
                        Long.class)
                .setParameter("a", UUID.fromString(account))
                .setParameter("m", QuotaService.monthOf(java.time.Instant.now())).getSingleResult());
    }

    long held() {
        return QuarkusTransaction.requiringNew().call(() -> Run.getEntityManager()
                .createQuery("select coalesce(sum(case when r.reservedVuMillis > r.meteredVuMillis"
                        + " then r.reservedVuMillis - r.meteredVuMillis else 0 end), 0) from Run r"
                        + " where r.accountId = :a and r.status in ('starting', 'running', 'stopping')", Long.class)
                .setParameter("a", UUID.fromString(account)).getSingleResult());
    }

    void awaitEnd(String run) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        String now = "";
        while (System.currentTimeMillis() < deadline) {
            now = Api.as(USER).get("/api/runs/" + run).then().extract().path("status");
            if (now.equals("finished")) {
                return;
            }
            assertThat(now).as(Api.as(USER).get("/api/runs/" + run).asString()).isNotIn("stopped", "failed");
            Thread.sleep(300);
        }
        throw new AssertionError("run " + run + " is " + now + " after 90 s");
    }
}
