package dev.barrage.runner.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void parsesMetricsUnitsAndEndpoints() {
        Threshold p95 = Threshold.parse("p95<500ms", false);
        assertThat(p95.endpoint()).isNull();
        assertThat(p95.metric().percentile()).isEqualTo(0.95);
        assertThat(p95.limit()).isEqualTo(500.0);
        assertThat(p95.passes(499.9)).isTrue();
        assertThat(p95.passes(500)).isFalse();

        assertThat(Threshold.parse("p99.9 <= 2s", false).limit()).isEqualTo(2000.0);
        assertThat(Threshold.parse("p99.9 <= 2s", false).metric().percentile()).isCloseTo(0.999, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Threshold.parse("avg<250us", false).limit()).isEqualTo(0.25);
        assertThat(Threshold.parse("fail_ratio<1%", false).limit()).isEqualTo(0.01);
        assertThat(Threshold.parse("FAIL_RATIO < 0.01", false).limit()).isEqualTo(0.01);
        assertThat(Threshold.parse("rps>=100", false).passes(100)).isTrue();

        Threshold named = Threshold.parse("GET /items/[id]:p99<800ms", true);
        assertThat(named.endpoint()).isEqualTo("GET /items/[id]");
        assertThat(named.abortOnFail()).isTrue();
        assertThat(Threshold.parse("http://x:8080/a:max<1s", false).endpoint()).isEqualTo("http://x:8080/a");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> Threshold.parse("p95<<5", false)).hasMessageContaining("is not a threshold");
        assertThatThrownBy(() -> Threshold.parse("p95", false)).hasMessageContaining("is not a threshold");
        assertThatThrownBy(() -> Threshold.parse("speed<5", false)).hasMessageContaining("unknown metric speed");
        assertThatThrownBy(() -> Threshold.parse("p0<5", false)).hasMessageContaining("unknown metric p0");
        assertThatThrownBy(() -> Threshold.parse("fail_ratio<2", false)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Threshold.parse("requests>5ms", false)).hasMessageContaining("plain number");
    }

    @Test
    void windowsAndAbortingAreSuffixes() {
        Threshold t = Threshold.parse("GET /items/[id]:p95<500ms over 1m abort after 30s", false);
        assertThat(t.endpoint()).isEqualTo("GET /items/[id]");
        assertThat(t.limit()).isEqualTo(500.0);
        assertThat(t.windowMillis()).isEqualTo(60_000);
        assertThat(t.abortOnFail()).isTrue();
        assertThat(t.abortAfterMillis()).isEqualTo(30_000);
        assertThat(t.expression()).isEqualTo("GET /items/[id]:p95<500ms over 1m abort after 30s");
        Threshold plain = Threshold.parse("fail_ratio<1% abort", false);
        assertThat(plain.windowed()).isFalse();
        assertThat(plain.abortOnFail()).isTrue();
        assertThat(plain.abortAfterMillis()).isZero();
        assertThat(Threshold.parse("rps>10 OVER 10s", false).windowMillis()).isEqualTo(10_000);
        assertThatThrownBy(() -> Threshold.parse("requests<5 over 1m", false)).hasMessageContaining("counts have no window");
        assertThatThrownBy(() -> Threshold.parse("p95<5ms over 500ms", false)).hasMessageContaining("at least 1s");
    }
}
