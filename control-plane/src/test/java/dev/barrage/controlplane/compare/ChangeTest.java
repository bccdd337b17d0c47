package dev.barrage.controlplane.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.barrage.controlplane.compare.Change.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules that make a change a regression, on hand-computed cases. */
class ChangeTest {
    private final Tolerance tol = new Tolerance(0.10, 2, 0.005);

    @Test
    void timesCountWhenBothTheRatioAndTheMillisecondsAreBeyondTheTolerance() {
        assertThat(Change.judge(Metric.P95, 100, 111, tol).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(Change.judge(Metric.P95, 100, 111, tol).change()).isCloseTo(0.11, within(1e-12));
        assertThat(Change.judge(Metric.P95, 100, 109, tol).verdict()).as("9 %").isEqualTo(Verdict.SAME);
        assertThat(Change.judge(Metric.MEDIAN, 5, 6.5, tol).verdict()).as("+30 % but 1.5 ms").isEqualTo(Verdict.SAME);
        assertThat(Change.judge(Metric.AVG, 50, 30, tol).verdict()).isEqualTo(Verdict.IMPROVEMENT);
    }

    @Test
    void throughputIsBetterHigherAndRequestsAreNeitherBetterNorWorse() {
        assertThat(Change.judge(Metric.RPS, 200, 150, tol).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(Change.judge(Metric.RPS, 200, 250, tol).verdict()).isEqualTo(Verdict.IMPROVEMENT);
        assertThat(Change.judge(Metric.REQUESTS, 1000, 5000, tol).verdict()).isEqualTo(Verdict.SAME);
    }

    @Test
    void theFailureRatioMovesInPoints() {
        Change c = Change.judge(Metric.FAIL_RATIO, 0.010, 0.016, tol);
        assertThat(c.change()).isCloseTo(0.006, within(1e-12));
        assertThat(c.verdict()).as("+0.6 points").isEqualTo(Verdict.REGRESSION);
        assertThat(Change.judge(Metric.FAIL_RATIO, 0.010, 0.014, tol).verdict()).as("+0.4 points").isEqualTo(Verdict.SAME);
        assertThat(Change.judge(Metric.FAIL_RATIO, 0.0, 0.2, tol).verdict()).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void fromZeroTheRelativeChangeIsUnknownButTheVerdictStands() {
        Change c = Change.judge(Metric.P99, 0, 40, tol);
        assertThat(c.change()).isNull();
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(Change.judge(Metric.P99, 0, 0, tol).change()).isZero();
        assertThat(Change.judge(Metric.P99, 0, 1, tol).verdict()).as("1 ms is noise").isEqualTo(Verdict.SAME);
    }

    @Test
    void aToleranceOutOfRangeIsRefusedNamingThePart() {
        for (var bad : Map.of("relative", new Double[] {-0.1, null, null}, "absoluteMillis", new Double[] {null, Double.NaN, null},
                "failRatioPoints", new Double[] {null, null, 2.0}).entrySet()) {
            Double[] v = bad.getValue();
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    dev.barrage.controlplane.security.ProblemException.class, () -> Tolerance.of(v[0], v[1], v[2]));
            assertThat(e).as(bad.getKey()).isNotNull();
            assertThat(e.getMessage()).startsWith(bad.getKey());
        }
    }
}
