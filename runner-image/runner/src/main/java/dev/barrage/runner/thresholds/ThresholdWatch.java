package dev.barrage.runner.thresholds;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.protocol.stats.SlidingWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a run's thresholds as its interval reports arrive (the same reports, in the same order, that its
 * {@link RunStatistics} merges): a windowed threshold ({@code p95<500ms over 1m}) is checked on every full window
 * ending at each report and fails for good at its first failing window; an aborting threshold says when the run must
 * stop. Not thread-safe: fed by whoever feeds the statistics.
 */
public final class ThresholdWatch {
    private final List<Threshold> thresholds;
    private final long runStartEpochMillis;
    private final Map<Long, SlidingWindow> windows = new HashMap<>();
    private final Map<Threshold, Violation> firstViolations = new HashMap<>();
    private final Map<Threshold, Double> worst = new HashMap<>();
    private long lastEndEpochMillis;

    /** Where a windowed threshold first failed: the window's end (seconds into the run) and the value there. */
    public record Violation(double atSeconds, double actual) {}

    public ThresholdWatch(List<Threshold> thresholds, long runStartEpochMillis) {
        this.thresholds = List.copyOf(thresholds);
        this.runStartEpochMillis = runStartEpochMillis;
        for (Threshold t : thresholds) {
            if (t.windowed()) {
                windows.computeIfAbsent(t.windowMillis(), w -> new SlidingWindow());
            }
        }
        this.lastEndEpochMillis = runStartEpochMillis;
    }

    public List<Threshold> thresholds() {
        return thresholds;
    }

    /** Takes the next report (after the statistics have). */
    public void accept(IntervalReport report) {
        if (windows.isEmpty()) {
            return;
        }
        lastEndEpochMillis = Math.max(lastEndEpochMillis, report.endEpochMillis());
        windows.forEach((length, window) -> {
            window.add(report);
            window.dropEndingAtOrBefore(lastEndEpochMillis - length);
        });
        for (Threshold t : thresholds) {
            if (!t.windowed() || lastEndEpochMillis - runStartEpochMillis < t.windowMillis()) {
                continue; // the first window is not full yet
            }
            SlidingWindow window = windows.get(t.windowMillis());
            EndpointTotals totals = ThresholdEvaluator.totals(t.endpoint(), window.totals(null), window.byEndpoint());
            if (totals == null || totals.requests() == 0) {
                continue; // nothing to judge in this window (a window without requests neither passes nor fails)
            }
            double actual = t.metric().read(totals, window.seconds(lastEndEpochMillis));
            if (Double.isNaN(actual)) {
                continue; // a phase metric in a window without HTTP requests: nothing to judge either
            }
            if (!t.passes(actual)) {
                firstViolations.putIfAbsent(t, new Violation((lastEndEpochMillis - runStartEpochMillis) / 1000.0, actual));
            }
            worst.merge(t, actual, (a, b) -> worse(t, a, b));
        }
    }

    /** The verdicts at the end of the run: windowed ones from every window seen, the others on the whole run. */
    public List<ThresholdResult> results(RunStatistics stats) {
        List<ThresholdResult> results = new ArrayList<>(thresholds.size());
        for (Threshold t : thresholds) {
            results.add(t.windowed() ? windowedResult(t) : ThresholdEvaluator.evaluate(t, stats));
        }
        return results;
    }

    /** The first aborting threshold that fails now (and the run is past its grace), with its verdict. */
    public Optional<ThresholdResult> abortNow(RunStatistics stats) {
        long elapsed = lastEndOf(stats) - runStartEpochMillis;
        for (Threshold t : thresholds) {
            if (!t.abortOnFail() || elapsed < t.abortAfterMillis()) {
                continue;
            }
            if (t.windowed()) {
                if (firstViolations.containsKey(t)) {
                    return Optional.of(windowedResult(t));
                }
            } else if (ThresholdEvaluator.hasData(t, stats)) {
                ThresholdResult r = ThresholdEvaluator.evaluate(t, stats);
                if (!r.passed()) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private long lastEndOf(RunStatistics stats) {
        return Math.max(lastEndEpochMillis, stats.lastEndEpochMillis());
    }

    private ThresholdResult windowedResult(Threshold t) {
        Violation v = firstViolations.get(t);
        String span = span(t.windowMillis());
        if (v != null) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), v.actual(),
                    t.metric().format(v.actual()) + " in the " + span + " window ending at " + clock(v.atSeconds()), false);
        }
        Double w = worst.get(t);
        if (w == null) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                    "no full " + span + " window with requests" + (t.endpoint() == null ? "" : " named " + t.endpoint()),
                    false);
        }
        return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), w,
                "worst " + span + ": " + t.metric().format(w), true);
    }

    private static double worse(Threshold t, double a, double b) {
        return switch (t.comparison()) {
            case LESS, LESS_OR_EQUAL -> Math.max(a, b);
            case GREATER, GREATER_OR_EQUAL -> Math.min(a, b);
        };
    }

    private static String span(long millis) {
        return millis % 60_000 == 0 ? millis / 60_000 + " min" : millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
