package dev.barrage.protocol.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The findings on made-up series whose knee, jump and trend are known exactly. */
class FindingsTest {
    static final long START = 1_700_000_000_000L;

    /** One aggregated row a second: second i (1-based) ends at START + i s. */
    record Second(int users, long requests, long failures, double p50) {}

    static List<HistoryRow> rows(int seconds, IntFunction<Second> at) {
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 1; i <= seconds; i++) {
            Second s = at.apply(i);
            rows.add(new HistoryRow(START + i * 1000L, s.users(), null, s.requests(), s.failures(), s.requests(), 0,
                    new double[0], s.p50(), s.p50() * 2, s.p50() * 3, 0, 0, 0, 0, 0, 0, 0));
        }
        return rows;
    }

    @Test
    void aHockeyStickIsAKneeAtItsBend() {
        // users 1, 2, ... 16 then 16: 20 req/s per user up to 6 users, 120 after
        List<Findings.Finding> found = Findings.of(rows(20, i -> {
            int users = Math.min(i, 16);
            return new Second(users, 20L * Math.min(users, 6), 0, 50);
        }), START);
        assertThat(found).hasSize(1);
        Findings.Finding knee = found.getFirst();
        assertThat(knee.kind()).isEqualTo(Findings.KNEE);
        assertThat(knee.users()).isEqualTo(6);
        assertThat(knee.rps()).isCloseTo(120, within(0.001));
        assertThat(knee.atSecond()).isEqualTo(6.0);
        assertThat(knee.after()).isEqualTo(16);
        assertThat(knee.summary()).isEqualTo("Throughput stopped rising at 6 users (6.0 s): 120.0 req/s there, "
                + "120.0 req/s with 16 users by 16.0 s");
    }

    @Test
    void throughputThatKeepsRisingIsNoKnee() {
        assertThat(Findings.of(rows(20, i -> new Second(Math.min(i, 16), 20L * Math.min(i, 16), 0, 50)), START))
                .isEmpty();
    }

    @Test
    void aStepInTheFailureRatioIsAJumpAtItsSecond() {
        // 100 req/s, none failing for 7 s, then 40 % failing
        List<Findings.Finding> found = Findings.of(rows(15, i -> new Second(10, 100, i <= 7 ? 0 : 40, 5)), START);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Findings.FAILURE_JUMP);
            assertThat(f.atSecond()).as("the 8th second starts at 7 s").isEqualTo(7.0);
            assertThat(f.atEpochMillis()).isEqualTo(START + 7000);
            assertThat(f.before()).isZero();
            assertThat(f.after()).isCloseTo(0.4, within(1e-9));
            assertThat(f.users()).isEqualTo(10);
        });
        // a steady 2 % is no jump
        assertThat(Findings.of(rows(15, i -> new Second(10, 100, 2, 5)), START)).isEmpty();
    }

    @Test
    void aMedianGrowingOnAPlateauIsATrend() {
        // 5 users from the start, median 20 ms + 3 ms a second
        List<Findings.Finding> found = Findings.of(rows(14, i -> new Second(5, 50, 0, 20 + 3.0 * i)), START);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Findings.RESPONSE_TIME_TREND);
            assertThat(f.rate()).isCloseTo(3, within(1e-9));
            assertThat(f.atSecond()).as("after 2 s to settle").isEqualTo(3.0);
            assertThat(f.endSecond()).isEqualTo(14.0);
            assertThat(f.before()).isCloseTo(29, within(1e-9));
            assertThat(f.after()).isCloseTo(62, within(1e-9));
            assertThat(f.users()).isEqualTo(5);
        });
        // noise around a flat 20 ms is none, nor is a plateau too short to tell
        assertThat(Findings.of(rows(14, i -> new Second(5, 50, 0, 20 + (i % 2))), START)).isEmpty();
        assertThat(Findings.of(rows(7, i -> new Second(5, 50, 0, 20 + 3.0 * i)), START)).isEmpty();
    }
}
