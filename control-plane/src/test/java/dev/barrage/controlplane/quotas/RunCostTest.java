package dev.barrage.controlplane.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.scenario.LoadProfile;
import dev.barrage.runner.scenario.LoadProfile.Kind;
import dev.barrage.runner.scenario.LoadProfile.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The up-front price of a run against figures worked out by hand (the sums are in the comments). */
class RunCostTest {
    /** docs/scenarios.md's Peak: 10 users at 2/s for 20 s, 50 at 10/s for 30 s, 5 at 10/s for 10 s. */
    static final LoadProfile PEAK = new LoadProfile(Kind.STAGES, "Peak",
            List.of(new Stage(20, 10, 2), new Stage(30, 50, 10), new Stage(10, 5, 10)), 0);

    @Test
    void constantUsersAreUsersTimesDuration() {
        RunCost c = RunCost.of(LoadProfile.USERS, 50, 7200);
        assertThat(c.userMillis()).isEqualTo(50L * 7200 * 1000); // 100 VU-hours
        assertThat(VuHours.of(c.userMillis())).isEqualByComparingTo("100");
        assertThat(c.basis()).isEqualTo("users");
        assertThat(c.peakUsers()).isEqualTo(50);
        assertThat(c.description()).isEqualTo("50 users for 7200 s");
    }

    @Test
    void stagesAreIntegratedRampsAndHolds() {
        // stage 1: 0→10 at 2/s takes 5 s: 5×10/2 = 25, then 15 s × 10 = 150            → 175
        // stage 2: 10→50 at 10/s takes 4 s: 4×(10+50)/2 = 120, then 26 s × 50 = 1300     → 1420
        // stage 3: 50→5 at 10/s takes 4.5 s: 4.5×(50+5)/2 = 123.75, then 5.5 s × 5 = 27.5 → 151.25
        // in all 1746.25 user-seconds; the run's duration (1 h) is longer than the 60 s of stages
        RunCost c = RunCost.of(PEAK, 1, 3600);
        assertThat(c.userMillis()).isEqualTo(1_746_250);
        assertThat(c.basis()).isEqualTo("stages");
        assertThat(c.peakUsers()).isEqualTo(50);
        assertThat(c.seconds()).isEqualTo(60);
        assertThat(c.description()).contains("Peak's 3 stages", "60 s", "1746.25 user-seconds", "at most 50 users");
    }

    @Test
    void theRunsDurationCutsTheStages() {
        // 30 s: stage 1 (175) and 10 s of stage 2: 120 for the 4 s ramp, then 6 s × 50 = 300 → 595
        assertThat(RunCost.of(PEAK, 1, 30).userMillis()).isEqualTo(595_000);
        // 3 s: inside the first ramp, 0→6 users: 3 × 6 / 2 = 9; the most users reached are 6
        RunCost early = RunCost.of(PEAK, 1, 3);
        assertThat(early.userMillis()).isEqualTo(9_000);
        assertThat(early.peakUsers()).isEqualTo(6);
    }

    @Test
    void aStageTooShortForItsRampEndsWhereTheRampGot() {
        // 0→100 at 5/s for 4 s reaches 20 (4×20/2 = 40), then 20→0 at 10/s in 2 s of a 10 s stage (2×20/2 = 20) → 60
        LoadProfile p = new LoadProfile(Kind.STAGES, "Spike", List.of(new Stage(4, 100, 5), new Stage(10, 0, 10)), 0);
        RunCost c = RunCost.of(p, 1, 60);
        assertThat(c.userMillis()).isEqualTo(60_000);
        assertThat(c.peakUsers()).isEqualTo(20);
    }

    @Test
    void anOpenModelIsBoundByItsMaxUsers() {
        LoadProfile constant = new LoadProfile(Kind.ARRIVAL_RATE, "Steady", List.of(), 200);
        assertThat(RunCost.of(constant, 1, 600).userMillis()).isEqualTo(200L * 600 * 1000);
        assertThat(RunCost.of(constant, 1, 600).peakUsers()).isEqualTo(200);
        LoadProfile ramp = new LoadProfile(Kind.ARRIVAL_RATE, "Ramp",
                List.of(new Stage(120, 0, 100), new Stage(300, 0, 100)), 200);
        assertThat(RunCost.of(ramp, 1, 3600).userMillis()).as("420 s of stages").isEqualTo(200L * 420 * 1000);
        assertThat(RunCost.of(ramp, 1, 60).userMillis()).as("cut at 60 s").isEqualTo(200L * 60 * 1000);
        assertThat(RunCost.of(ramp, 1, 60).basis()).isEqualTo("arrivalRate");
    }

    @Test
    void aTickShapeOrAnUnknownVersionIsPricedByTheRequest() {
        RunCost tick = RunCost.of(new LoadProfile(Kind.TICK, "Wave", List.of(), 0), 40, 60);
        assertThat(tick.userMillis()).isEqualTo(40L * 60 * 1000);
        assertThat(tick.basis()).isEqualTo("tickShape");
        assertThat(tick.description()).contains("Wave computes its users in tick()");
        assertThat(RunCost.of(null, 3, 10).basis()).isEqualTo("unknown");
        assertThat(RunCost.of(null, 3, 10).userMillis()).isEqualTo(30_000);
    }

    @Test
    void theProfileSurvivesItsJson() {
        assertThat(LoadProfile.parse(PEAK.toJson())).isEqualTo(PEAK);
        LoadProfile ramp = new LoadProfile(Kind.ARRIVAL_RATE, "Ramp", List.of(new Stage(1.5, 0, 7.25)), 9);
        assertThat(LoadProfile.parse(ramp.toJson())).isEqualTo(ramp);
        assertThat(LoadProfile.parse(LoadProfile.USERS.toJson())).isEqualTo(LoadProfile.USERS);
        assertThat(LoadProfile.parse(null)).isNull();
    }
}
