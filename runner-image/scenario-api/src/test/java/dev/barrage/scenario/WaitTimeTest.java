package dev.barrage.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitTimeTest {

    @Test
    void betweenStaysInsideItsBoundsAndCoversThem() {
        WaitTime wait = WaitTime.between(Duration.ofMillis(10), Duration.ofMillis(20));
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 20_000; i++) {
            long ms = wait.next(Duration.ZERO).toNanos();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).isGreaterThanOrEqualTo(10_000_000L).isLessThan(10_100_000L);
        assertThat(max).isLessThanOrEqualTo(20_000_000L).isGreaterThan(19_900_000L);
    }

    @Test
    void pacingSubtractsTheTaskDurationAndNeverGoesNegative() {
        WaitTime pacing = WaitTime.constantPacing(Duration.ofSeconds(1));
        assertThat(pacing.next(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(700));
        assertThat(pacing.next(Duration.ofMillis(1500))).isEqualTo(Duration.ZERO);
    }

    @Test
    void throughputIsPacingAtTheInverseRate() {
        assertThat(WaitTime.constantThroughput(4).next(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void badArgumentsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> WaitTime.between(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("max is below min");
        assertThatThrownBy(() -> WaitTime.constantThroughput(0)).hasMessageContaining("positive rate");
        assertThatThrownBy(() -> WaitTime.constant(Duration.ofSeconds(-1))).hasMessageContaining("zero or positive");
    }
}
