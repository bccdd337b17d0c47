package dev.barrage.runner.report;

import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.Percentiles;
import dev.barrage.protocol.stats.RunStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the statistics table, in milliseconds. {@code type} is empty for the aggregated row, whose name is
 * "Aggregated", as in Locust. {@code timings} are its HTTP requests' phases and connections; null for an endpoint
 * without HTTP requests (and in reports stored before they were measured).
 */
public record EndpointRow(
        String type,
        String name,
        long requests,
        long failures,
        double failRatio,
        double avgMillis,
        double minMillis,
        double maxMillis,
        double medianMillis,
        Map<String, Double> percentilesMillis,
        double avgContentSize,
        double rps,
        double failuresPerSecond,
        double currentRps,
        double currentFailuresPerSecond,
        PhaseSummary timings) {

    static EndpointRow of(EndpointKey key, EndpointTotals totals, RunStatistics stats) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (int i = 0; i < Percentiles.REPORTED.length; i++) {
            percentiles.put(Percentiles.LABELS.get(i), totals.percentileMillis(Percentiles.REPORTED[i]));
        }
        return new EndpointRow(
                key == null ? "" : key.type(),
                key == null ? "Aggregated" : key.name(),
                totals.requests(),
                totals.failures(),
                totals.failRatio(),
                totals.avgMillis(),
                totals.minMillis(),
                totals.maxMillis(),
                totals.medianMillis(),
                percentiles,
                totals.avgContentSize(),
                stats.totalRps(totals),
                stats.totalFailuresPerSecond(totals),
                stats.currentRps(key),
                stats.currentFailuresPerSecond(key),
                PhaseSummary.of(totals.phases()));
    }

    public double percentile(String label) {
        return percentilesMillis.getOrDefault(label, 0.0);
    }
}
