package dev.barrage.protocol.stats;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.ExceptionKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.IterationCounts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A run's statistics, built only by merging interval reports: totals per endpoint and aggregated, failures and
 * exceptions by message, the "current" numbers over a sliding window, and the time series. Merging is exact
 * (histograms are added, never percentiles averaged) and idempotent on (runner id, sequence).
 * Not thread-safe: one aggregator thread feeds it.
 */
public final class RunStatistics {
    /** Locust shows current RPS and percentiles over about the last 10 seconds. */
    public static final long CURRENT_WINDOW_MILLIS = 10_000;

    private long startEpochMillis;
    /** The earliest start a report may claim; -1 when the start is fixed at construction. */
    private final long earliestLoadStartEpochMillis;
    private boolean anyReport;
    private final boolean endpointHistory;
    private final Map<EndpointKey, EndpointTotals> endpoints = new TreeMap<>();
    private final EndpointTotals aggregated = new EndpointTotals();
    private final Map<ErrorKey, Long> errors = new TreeMap<>();
    private final Map<ExceptionKey, Long> exceptions = new HashMap<>();
    private final SlidingWindow window = new SlidingWindow();
    private final List<HistoryRow> history = new ArrayList<>();
    private final Map<String, Set<Long>> seen = new HashMap<>();
    private long lastEndEpochMillis;
    private int users;
    private IterationCounts iterations;
    private long firstDropEpochMillis = -1;
    private long lastDropEpochMillis = -1;
    private long firstDueEpochMillis = -1;
    private long lastDueEpochMillis = -1;

    /** @param endpointHistory keep a history row per endpoint too, not only the aggregated one */
    public RunStatistics(long startEpochMillis, boolean endpointHistory) {
        this(startEpochMillis, endpointHistory, -1);
    }

    private RunStatistics(long startEpochMillis, boolean endpointHistory, long earliestLoadStartEpochMillis) {
        this.startEpochMillis = startEpochMillis;
        this.endpointHistory = endpointHistory;
        this.lastEndEpochMillis = startEpochMillis;
        this.earliestLoadStartEpochMillis = earliestLoadStartEpochMillis;
    }

    /**
     * Statistics of a run whose load begins some time after it was created (runners are launched, load the scenario
     * and wait for each other): the run starts at the earliest interval any runner reports, so that rates count the
     * time the load ran, not the runners' start-up. A report cannot place the start before {@code createdEpochMillis}.
     */
    public static RunStatistics startingWithTheLoad(long createdEpochMillis, boolean endpointHistory) {
        return new RunStatistics(createdEpochMillis, endpointHistory, createdEpochMillis);
    }

    /** Merges a report; returns false (and changes nothing) if this runner's sequence number was merged before. */
    public boolean accept(IntervalReport report) {
        if (!seen.computeIfAbsent(report.runnerId(), r -> new HashSet<>()).add(report.sequence())) {
            return false;
        }
        for (EndpointInterval interval : report.endpoints()) {
            endpoints.computeIfAbsent(interval.key(), k -> new EndpointTotals()).add(interval);
            aggregated.add(interval);
        }
        report.errors().forEach((k, n) -> errors.merge(k, n, Long::sum));
        report.exceptions().forEach((k, n) -> exceptions.merge(k, n, Long::sum));
        if (earliestLoadStartEpochMillis >= 0) {
            long loadStart = Math.max(earliestLoadStartEpochMillis, report.startEpochMillis());
            startEpochMillis = anyReport ? Math.min(startEpochMillis, loadStart) : loadStart;
        }
        anyReport = true;
        users = report.users();
        if (report.iterations() != null) {
            iterations = iterations == null ? report.iterations() : iterations.plus(report.iterations());
            if (report.iterations().due() > 0) {
                firstDueEpochMillis = firstDueEpochMillis < 0 ? report.startEpochMillis()
                        : Math.min(firstDueEpochMillis, report.startEpochMillis());
                lastDueEpochMillis = Math.max(lastDueEpochMillis, report.endEpochMillis());
            }
            if (report.iterations().dropped() > 0) {
                firstDropEpochMillis = firstDropEpochMillis < 0 ? report.startEpochMillis()
                        : Math.min(firstDropEpochMillis, report.startEpochMillis());
                lastDropEpochMillis = Math.max(lastDropEpochMillis, report.endEpochMillis());
            }
        }
        lastEndEpochMillis = Math.max(lastEndEpochMillis, report.endEpochMillis());
        window.add(report);
        window.dropEndingAtOrBefore(lastEndEpochMillis - CURRENT_WINDOW_MILLIS);
        appendHistory(report);
        return true;
    }

    private void appendHistory(IntervalReport report) {
        Map<EndpointKey, EndpointTotals> intervalByKey = new HashMap<>();
        EndpointTotals intervalAll = new EndpointTotals();
        for (EndpointInterval e : report.endpoints()) {
            intervalByKey.computeIfAbsent(e.key(), k -> new EndpointTotals()).add(e);
            intervalAll.add(e);
        }
        double seconds = windowSeconds();
        if (endpointHistory) {
            for (EndpointKey key : endpoints.keySet()) {
                history.add(historyRow(report, key, intervalByKey.getOrDefault(key, EMPTY), window.totals(key), seconds));
            }
        }
        history.add(historyRow(report, null, intervalAll, window.totals(null), seconds));
    }

    private static final EndpointTotals EMPTY = new EndpointTotals();

    private HistoryRow historyRow(IntervalReport report, EndpointKey key, EndpointTotals interval, EndpointTotals current,
            double seconds) {
        double[] windowPercentiles = new double[Percentiles.REPORTED.length];
        for (int i = 0; i < windowPercentiles.length; i++) {
            windowPercentiles[i] = current.percentileMillis(Percentiles.REPORTED[i]);
        }
        EndpointTotals total = key == null ? aggregated : endpoints.get(key);
        return new HistoryRow(
                report.endEpochMillis(),
                report.users(),
                key,
                interval.requests(),
                interval.failures(),
                seconds == 0 ? 0 : current.requests() / seconds,
                seconds == 0 ? 0 : current.failures() / seconds,
                windowPercentiles,
                interval.percentileMillis(0.50),
                interval.percentileMillis(0.95),
                interval.percentileMillis(0.99),
                total.requests(),
                total.failures(),
                total.medianMillis(),
                total.avgMillis(),
                total.minMillis(),
                total.maxMillis(),
                total.avgContentSize());
    }

    /**
     * Statistics of the last {@link #CURRENT_WINDOW_MILLIS} for one endpoint, or all when {@code key} is null. The
     * window's own totals, kept up to date as reports arrive: read them, do not change them.
     */
    public EndpointTotals windowTotals(EndpointKey key) {
        return window.totals(key);
    }

    private double windowSeconds() {
        return window.seconds(lastEndEpochMillis);
    }

    public double currentRps(EndpointKey key) {
        double s = windowSeconds();
        return s == 0 ? 0 : windowTotals(key).requests() / s;
    }

    public double currentFailuresPerSecond(EndpointKey key) {
        double s = windowSeconds();
        return s == 0 ? 0 : windowTotals(key).failures() / s;
    }

    /** Requests per second over the whole run so far (Locust's total RPS). */
    public double totalRps(EndpointTotals totals) {
        double s = elapsedSeconds();
        return s <= 0 ? 0 : totals.requests() / s;
    }

    public double totalFailuresPerSecond(EndpointTotals totals) {
        double s = elapsedSeconds();
        return s <= 0 ? 0 : totals.failures() / s;
    }

    public double elapsedSeconds() {
        return (lastEndEpochMillis - startEpochMillis) / 1000.0;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public long lastEndEpochMillis() {
        return lastEndEpochMillis;
    }

    public int users() {
        return users;
    }

    public Map<EndpointKey, EndpointTotals> endpoints() {
        return Collections.unmodifiableMap(endpoints);
    }

    public EndpointTotals aggregated() {
        return aggregated;
    }

    public Map<ErrorKey, Long> errors() {
        return Collections.unmodifiableMap(errors);
    }

    public Map<ExceptionKey, Long> exceptions() {
        return Collections.unmodifiableMap(exceptions);
    }

    /**
     * The open model's iterations over the run so far, summed over every runner and interval; null when no report
     * carried any (the closed model).
     */
    public IterationCounts iterations() {
        return iterations;
    }

    /**
     * When the open model could not keep up: the start of the first interval with dropped iterations and the end of
     * the last one; null when none was dropped.
     */
    public long[] droppedBetweenEpochMillis() {
        return firstDropEpochMillis < 0 ? null : new long[] {firstDropEpochMillis, lastDropEpochMillis};
    }

    /**
     * Iterations asked for per second (started and dropped), 0 in the closed model: over the time from the start of
     * the first interval with an iteration due to the end of the last one, so that neither the runners' start (on the
     * platform, seconds after the run was created) nor the wind-down after the schedule (users finishing their
     * iteration) dilutes it; the last interval may still hold part of that wind-down.
     */
    public double targetIterationRate() {
        double s = iterationSeconds();
        return iterations == null || s <= 0 ? 0 : iterations.due() / s;
    }

    /** Iterations started per second, over the same time as {@link #targetIterationRate()}. */
    public double achievedIterationRate() {
        double s = iterationSeconds();
        return iterations == null || s <= 0 ? 0 : iterations.started() / s;
    }

    private double iterationSeconds() {
        return lastDueEpochMillis < 0 ? 0 : (lastDueEpochMillis - firstDueEpochMillis) / 1000.0;
    }

    public List<HistoryRow> history() {
        return Collections.unmodifiableList(history);
    }
}
