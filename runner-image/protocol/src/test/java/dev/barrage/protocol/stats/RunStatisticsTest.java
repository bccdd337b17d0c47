package dev.barrage.protocol.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.IntervalReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RunStatisticsTest {
    static final EndpointKey ITEMS = new EndpointKey("GET", "/items/[id]");

    static IntervalReport report(String runner, long seq, long start, List<Long> micros, int failures) {
        Histogram h = EndpointTotals.newHistogram();
        micros.forEach(h::recordValue);
        EndpointInterval interval = new EndpointInterval(ITEMS, micros.size(), failures,
                micros.stream().mapToLong(Long::longValue).sum(), Collections.min(micros), Collections.max(micros),
                micros.size() * 100L, h);
        Map<ErrorKey, Long> errors = failures == 0 ? Map.of() : Map.of(new ErrorKey("GET", "/items/[id]", "HTTP 500"), (long) failures);
        return new IntervalReport(runner, seq, start, start + 1000, 10, List.of(interval), errors, Map.of());
    }

    @Test
    void mergedPercentilesOfManyRunnersAndIntervalsEqualThoseOfAllValues() {
        SplittableRandom random = new SplittableRandom(7);
        RunStatistics stats = new RunStatistics(0, false);
        List<Long> all = new ArrayList<>();
        for (int runner = 0; runner < 4; runner++) {
            for (int seq = 0; seq < 25; seq++) {
                List<Long> values = new ArrayList<>();
                // a different distribution per runner: averaging their percentiles would be wrong
                for (int i = 0; i < 200; i++) {
                    values.add(1000L * (runner + 1) + random.nextLong(50_000L * (runner + 1)));
                }
                all.addAll(values);
                stats.accept(report("r" + runner, seq, seq * 1000L, values, 1));
            }
        }
        Collections.sort(all);
        EndpointTotals totals = stats.endpoints().get(ITEMS);
        assertThat(totals.requests()).isEqualTo(all.size());
        assertThat(totals.failures()).isEqualTo(100);
        assertThat(stats.errors()).containsEntry(new ErrorKey("GET", "/items/[id]", "HTTP 500"), 100L);
        for (double p : Percentiles.REPORTED) {
            long expected = all.get((int) Math.max(1, Math.ceil(p * all.size())) - 1);
            assertThat(totals.percentileMillis(p) * 1000).as("p" + p)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(expected / 1024.0 + 1));
        }
    }

    @Test
    void aReportSeenTwiceIsCountedOnce() {
        RunStatistics stats = new RunStatistics(0, false);
        IntervalReport r = report("r1", 3, 0, List.of(1000L, 2000L), 0);
        assertThat(stats.accept(r)).isTrue();
        assertThat(stats.accept(r)).isFalse();
        assertThat(stats.accept(report("r2", 3, 0, List.of(1500L), 0))).isTrue();
        assertThat(stats.aggregated().requests()).isEqualTo(3);
        assertThat(stats.history()).hasSize(2);
    }

    @Test
    void totalRatesUseTheWholeRunAndCurrentRatesTheLastTenSeconds() {
        RunStatistics stats = new RunStatistics(0, true);
        for (int s = 0; s < 20; s++) {
            List<Long> values = new ArrayList<>();
            int n = s < 10 ? 10 : 30; // 10/s then 30/s
            for (int i = 0; i < n; i++) {
                values.add(1000L);
            }
            stats.accept(report("r", s, s * 1000L, values, 0));
        }
        assertThat(stats.totalRps(stats.aggregated())).isEqualTo(400 / 20.0);
        assertThat(stats.currentRps(null)).isEqualTo(30.0);
        assertThat(stats.history().getLast().currentRps()).isEqualTo(30.0);
        assertThat(stats.history()).filteredOn(h -> !h.aggregated()).hasSize(20);
    }

    @Test
    void theCurrentWindowHoldsExactlyTheLastTenSecondsAsReportsComeAndGo() {
        SplittableRandom random = new SplittableRandom(11);
        RunStatistics stats = new RunStatistics(0, false);
        List<List<Long>> perSecond = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            List<Long> second = new ArrayList<>();
            for (int runner = 0; runner < 3; runner++) {
                List<Long> values = new ArrayList<>();
                // the distribution drifts upwards, so anything left over from older seconds would show
                for (int i = 0; i < 100; i++) {
                    values.add(1_000L * (s + 1) + random.nextLong(20_000L));
                }
                second.addAll(values);
                stats.accept(report("r" + runner, s, s * 1000L, values, s % 2));
            }
            perSecond.add(second);

            List<Long> window = new ArrayList<>();
            perSecond.subList(Math.max(0, s - 9), s + 1).forEach(window::addAll);
            Collections.sort(window);
            EndpointTotals current = stats.windowTotals(ITEMS);
            assertThat(current.requests()).as("second %d", s).isEqualTo(window.size());
            assertThat(current.minMillis()).isEqualTo(window.getFirst() / 1000.0);
            assertThat(current.maxMillis()).isEqualTo(window.getLast() / 1000.0);
            int windowSeconds = Math.min(s + 1, 10);
            assertThat(stats.currentRps(null)).isEqualTo(window.size() / (double) windowSeconds);
            long windowFailures = 0;
            for (int w = Math.max(0, s - 9); w <= s; w++) {
                windowFailures += 3 * (w % 2);
            }
            assertThat(stats.currentFailuresPerSecond(ITEMS)).isEqualTo(windowFailures / (double) windowSeconds);
            for (double p : Percentiles.REPORTED) {
                long expected = window.get((int) Math.max(1, Math.ceil(p * window.size())) - 1);
                assertThat(current.percentileMillis(p) * 1000).as("second %d p%s", s, p)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(expected / 1024.0 + 1));
            }
        }
    }
}
