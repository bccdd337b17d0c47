package dev.barrage.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.scenario.ArrivalRate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void aConstantRateSpacesIterationsEvenly() {
        ConstantArrivalRate rate = new ConstantArrivalRate(20);
        assertThat(rate.dueNanos(0)).isEqualTo(25_000_000L);
        assertThat(rate.dueNanos(39)).isEqualTo(1_975_000_000L);
        assertThat(rate.dueNanos(40)).isEqualTo(2_025_000_000L);
    }

    @Test
    void aRampingRateStartsAsManyIterationsAsTheAreaUnderItsRate() {
        RampingArrivalRate ramp = new RampingArrivalRate(5, List.of(
                new ArrivalRate.Stage(Duration.ofSeconds(2), 25),
                new ArrivalRate.Stage(Duration.ofSeconds(3), 25),
                new ArrivalRate.Stage(Duration.ofSeconds(1), 0)));
        // the rate, sampled finely and summed, independently of the closed form
        double dt = 1e-5;
        double area = 0;
        long n = 0;
        for (double t = 0; t < 6; t += dt) {
            area += rateAt(t) * dt;
            // every iteration due before t has started by t: the count follows the area under the rate
            while (n < 1000 && ramp.dueNanos(n) >= 0 && ramp.dueNanos(n) <= t * 1e9) {
                n++;
            }
            assertThat((double) n).as("iterations by %.3f s", t).isBetween(area - 0.5 - 1e-3, area + 0.5 + 1e-3);
        }
        assertThat(ramp.total()).isEqualTo(30 + 75 + 12.5);
        assertThat(ramp.dueNanos(117)).isEqualTo(-1);
        assertThat(ramp.dueNanos(116)).isBetween(5_000_000_000L, 6_000_000_000L);
    }

    private static double rateAt(double t) {
        if (t < 2) {
            return 5 + 10 * t;
        }
        if (t < 5) {
            return 25;
        }
        return 25 * (6 - t);
    }
}
