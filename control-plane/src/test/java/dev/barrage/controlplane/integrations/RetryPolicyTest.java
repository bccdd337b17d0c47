package dev.barrage.controlplane.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(1));

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryPolicy.retryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryPolicy.retryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("Mon, 23 Nov 2026 10:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.retryAfter("Mon, 23 Nov 2026 09:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
        assertThat(RetryPolicy.retryAfter("soon", clock)).isNull();
        assertThat(RetryPolicy.retryAfter(null, clock)).isNull();
    }

    @Test
    void theServiceSaysHowLongUpToTheMaximum() {
        assertThat(policy.delay(1, Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(9));
        assertThat(policy.delay(1, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void otherwiseTheWaitDoublesWithJitterAndIsCapped() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delay(1, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(policy.delay(3, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(policy.delay(30, null)).isBetween(Duration.ofSeconds(30), Duration.ofMinutes(1));
        }
        assertThat(policy.exhausted(4)).isFalse();
        assertThat(policy.exhausted(5)).isTrue();
    }
}
