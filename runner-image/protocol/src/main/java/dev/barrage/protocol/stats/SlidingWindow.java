package dev.barrage.protocol.stats;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.IntervalReport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The reports of the last {@link RunStatistics#CURRENT_WINDOW_MILLIS} and their totals, kept up to date as reports
 * come in and leave: each report is added once and subtracted once, so a report costs the same however many runners
 * and reports the window holds (re-merging the window per report made the aggregator quadratic in runners).
 */
public final class SlidingWindow {
    private static final EndpointTotals EMPTY = new EndpointTotals();

    private final Deque<IntervalReport> reports = new ArrayDeque<>();
    private final Map<EndpointKey, EndpointTotals> byKey = new HashMap<>();
    private final EndpointTotals all = new EndpointTotals();

    /** The window's totals per endpoint. Live: read, do not modify. */
    public Map<EndpointKey, EndpointTotals> byEndpoint() {
        return java.util.Collections.unmodifiableMap(byKey);
    }

    public void add(IntervalReport report) {
        reports.addLast(report);
        for (EndpointInterval e : report.endpoints()) {
            byKey.computeIfAbsent(e.key(), k -> new EndpointTotals()).add(e);
            all.add(e);
        }
    }

    /** Drops reports from the oldest on while they end at or before {@code cutoffEpochMillis}. */
    public void dropEndingAtOrBefore(long cutoffEpochMillis) {
        boolean dropped = false;
        while (!reports.isEmpty() && reports.peekFirst().endEpochMillis() <= cutoffEpochMillis) {
            for (EndpointInterval e : reports.removeFirst().endpoints()) {
                byKey.get(e.key()).subtract(e);
                all.subtract(e);
            }
            dropped = true;
        }
        if (dropped) {
            recomputeExtremes();
        }
    }

    /** Min and max cannot be subtracted; they are found again over what the window still holds (no histograms). */
    private void recomputeExtremes() {
        Map<EndpointKey, long[]> extremes = new HashMap<>();
        long allMin = Long.MAX_VALUE;
        long allMax = 0;
        for (IntervalReport r : reports) {
            for (EndpointInterval e : r.endpoints()) {
                if (e.requests() == 0) {
                    continue;
                }
                long[] mm = extremes.computeIfAbsent(e.key(), k -> new long[] {Long.MAX_VALUE, 0});
                mm[0] = Math.min(mm[0], e.minMicros());
                mm[1] = Math.max(mm[1], e.maxMicros());
                allMin = Math.min(allMin, e.minMicros());
                allMax = Math.max(allMax, e.maxMicros());
            }
        }
        byKey.forEach((key, totals) -> {
            long[] mm = extremes.getOrDefault(key, new long[] {Long.MAX_VALUE, 0});
            totals.extremes(mm[0], mm[1]);
        });
        all.extremes(allMin, allMax);
    }

    /** The window's totals of one endpoint, or of all when {@code key} is null. Live: read, do not modify. */
    public EndpointTotals totals(EndpointKey key) {
        return key == null ? all : byKey.getOrDefault(key, EMPTY);
    }

    /** From the start of the oldest report held to {@code lastEndEpochMillis}; 0 when empty. */
    public double seconds(long lastEndEpochMillis) {
        return reports.isEmpty() ? 0 : (lastEndEpochMillis - reports.peekFirst().startEpochMillis()) / 1000.0;
    }
}
