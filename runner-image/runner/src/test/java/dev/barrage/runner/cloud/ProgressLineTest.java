package dev.barrage.runner.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void oneCompactLine() throws Exception {
        var update = new ObjectMapper().readTree("""
                {"status": "running", "users": 20, "elapsedSeconds": 75.4,
                 "aggregated": {"requests": 12345, "failures": 123, "currentRps": 164.27,
                                "percentilesMillis": {"95%": 212.4}}}
                """);
        assertThat(ProgressLine.of(update, 300))
                .isEqualTo("[01:15/05:00] running     20 users     12345 reqs    164.3 req/s   1.00% failed  p95 212 ms");
        assertThat(ProgressLine.clock(3725)).isEqualTo("1:02:05");
    }
}
