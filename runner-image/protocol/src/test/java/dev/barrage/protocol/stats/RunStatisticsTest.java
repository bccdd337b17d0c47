package dev.barrage.protocol.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.Phase;
import dev.barrage.protocol.PhaseTimes;
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

    /** One interval of timed HTTP requests: {@code ttfb[i]} and a receive time of a tenth of it; every tenth opens a connection. */
    static IntervalReport timedReport(String runner, long seq, List<Long> ttfb) {
        Histogram[] phases = new Histogram[Phase.all().length];
        java.util.Arrays.setAll(phases, i -> EndpointTotals.newHistogram());
        Histogram total = EndpointTotals.newHistogram();
        long opened = 0;
        for (int i = 0; i < ttfb.size(); i++) {
            boolean fresh = i % 10 == 0;
            opened += fresh ? 1 : 0;
            phases[Phase.CONNECT.ordinal()].recordValue(fresh ? 300 : 0);
            phases[Phase.TTFB.ordinal()].recordValue(ttfb.get(i));
            phases[Phase.RECEIVE.ordinal()].recordValue(ttfb.get(i) / 10);
            for (Phase p : List.of(Phase.RESOLVE, Phase.TLS, Phase.SEND)) {
                phases[p.ordinal()].recordValue(0);
            }
            total.recordValue(ttfb.get(i) + ttfb.get(i) / 10 + (fresh ? 300 : 0));
        }
        EndpointInterval interval = new EndpointInterval(ITEMS, ttfb.size(), 0, 0, total.getMinValue(), total.getMaxValue(),
                0, total, new PhaseTimes(opened, ttfb.size() - opened, phases));
        return new IntervalReport(runner, seq, seq * 1000L, seq * 1000L + 1000, 10, List.of(interval), Map.of(), Map.of());
    }

    @Test
    void phasePercentilesOfManyRunnersAndTheCurrentWindowEqualThoseOfTheirValues() {
        SplittableRandom random = new SplittableRandom(21);
        RunStatistics stats = new RunStatistics(0, false);
        List<Long> all = new ArrayList<>();
        List<List<Long>> perSecond = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            List<Long> second = new ArrayList<>();
            for (int runner = 0; runner < 3; runner++) {
                List<Long> ttfb = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ttfb.add(500L * (runner + 1) + 100L * s + random.nextLong(30_000L));
                }
                second.addAll(ttfb);
                stats.accept(timedReport("r" + runner, s, ttfb));
            }
            all.addAll(second);
            perSecond.add(second);
        }
        PhaseTotals phases = stats.endpoints().get(ITEMS).phases();
        assertThat(phases.timedRequests()).isEqualTo(all.size());
        assertThat(phases.newConnections()).isEqualTo(all.size() / 10);
        assertThat(phases.reusedConnections()).isEqualTo(all.size() - all.size() / 10);
        assertPercentiles(phases, all);

        List<Long> window = new ArrayList<>();
        perSecond.subList(10, 20).forEach(window::addAll);
        assertPercentiles(stats.windowTotals(ITEMS).phases(), window);
        assertThat(stats.windowTotals(ITEMS).phases().newConnections()).isEqualTo(window.size() / 10);
    }

    private static void assertPercentiles(PhaseTotals phases, List<Long> ttfb) {
        List<Long> sorted = new ArrayList<>(ttfb);
        Collections.sort(sorted);
        for (double p : new double[] {0.5, 0.95, 0.99}) {
            long expected = sorted.get((int) Math.ceil(p * sorted.size()) - 1);
            assertThat(phases.percentileMillis(Phase.TTFB, p) * 1000).as("ttfb p%s", p)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(expected / 1024.0 + 1));
            long receive = sorted.get((int) Math.ceil(p * sorted.size()) - 1) / 10;
            assertThat(phases.percentileMillis(Phase.RECEIVE, p) * 1000).as("receive p%s", p)
                    .isCloseTo(receive, org.assertj.core.data.Offset.offset(receive / 1024.0 + 1));
        }
        assertThat(phases.medianMillis(Phase.CONNECT)).isZero();
        assertThat(phases.maxMillis(Phase.CONNECT)).isEqualTo(0.3);
        assertThat(phases.meanMillis(Phase.TTFB) * 1000)
                .isCloseTo(sorted.stream().mapToLong(Long::longValue).average().orElseThrow(), org.assertj.core.data.Percentage.withPercentage(0.1));
    }
}
