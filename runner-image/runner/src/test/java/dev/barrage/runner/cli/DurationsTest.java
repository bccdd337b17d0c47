package dev.barrage.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationsTest {
    @Test
    void acceptsLocustsTimeSpans() {
        assertThat(Durations.parse("20")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1h20m")).isEqualTo(Duration.ofMinutes(80));
        assertThat(Durations.parse("3h30m10s")).isEqualTo(Duration.ofSeconds(3 * 3600 + 30 * 60 + 10));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"5x", "", "m", "1.5s", "-3s", "10s5m"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("is not a time span");
        }
    }
}
