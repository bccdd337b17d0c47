package dev.barrage.controlplane.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.BarrageConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final FailedAttempts attempts = new FailedAttempts(limits(100), now::get);

    @Test
    void aPrefixIsRefusedAfterItsLimitAndNoOtherIs() {
        for (int i = 0; i < 10; i++) {
            assertThat(attempts.blocked("brg_aaaaaaaa" + i, Optional.empty())).isFalse();
            attempts.failed("brg_aaaaaaaa" + i, Optional.empty());
        }
        assertThat(attempts.blocked("brg_aaaaaaaa-right-secret", Optional.empty())).isTrue();
        assertThat(attempts.blocked("brg_bbbbbbbb-secret", Optional.empty())).isFalse();
    }

    @Test
    void manyPrefixesFromAnUnknownAddressBlockNothing() {
        for (int i = 0; i < 1000; i++) {
            attempts.failed("brg_%08d-secret".formatted(i), Optional.empty());
        }
        assertThat(attempts.blocked("brg_zzzzzzzz-secret", Optional.empty())).isFalse();
    }

    @Test
    void aKnownAddressIsRefusedAfterItsLimit() {
        for (int i = 0; i < 30; i++) {
            attempts.failed("brg_%08d-secret".formatted(i), Optional.of("203.0.113.7"));
        }
        assertThat(attempts.blocked("brg_zzzzzzzz-secret", Optional.of("203.0.113.7"))).isTrue();
        assertThat(attempts.blocked("brg_zzzzzzzz-secret", Optional.of("203.0.113.8"))).isFalse();
        assertThat(attempts.blocked("brg_zzzzzzzz-secret", Optional.empty())).isFalse();
    }

    @Test
    void aRefusalEndsWithItsWindow() {
        for (int i = 0; i < 10; i++) {
            attempts.failed("brg_aaaaaaaa", Optional.empty());
        }
        now.addAndGet(Duration.ofSeconds(59).toMillis());
        assertThat(attempts.blocked("brg_aaaaaaaa", Optional.empty())).isTrue();
        now.addAndGet(Duration.ofSeconds(1).toMillis());
        assertThat(attempts.blocked("brg_aaaaaaaa", Optional.empty())).isFalse();
    }

    @Test
    void memoryStaysWithinItsBoundWhateverTheNumberOfPrefixesAndAddresses() {
        for (int i = 0; i < 100_000; i++) {
            attempts.failed("brg_%08d-secret".formatted(i), Optional.of("10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255)));
        }
        assertThat(attempts.tracked()).isEqualTo(200);
        // the most recent are the ones remembered
        for (int i = 0; i < 9; i++) {
            attempts.failed("brg_00099999-secret", Optional.empty());
        }
        assertThat(attempts.blocked("brg_00099999", Optional.empty())).isTrue();
    }

    private static BarrageConfig.Tokens.Failures limits(int tracked) {
        return new BarrageConfig.Tokens.Failures() {
            public int perPrefix() {
                return 10;
            }

            public int perAddress() {
                return 30;
            }

            public Duration window() {
                return Duration.ofMinutes(1);
            }

            public int tracked() {
                return tracked;
            }
        };
    }
}
