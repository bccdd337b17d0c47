package dev.barrage.protocol.stats;

import dev.barrage.protocol.EndpointKey;

/**
 * One line of the run's time series: the numbers of the last few seconds (the "current" window, as Locust shows them)
 * and the totals so far, for one endpoint or, when {@code key} is null, for all of them.
 *
 * @param windowPercentilesMillis response-time percentiles of the window, in {@link Percentiles#REPORTED} order
 * @param intervalP50Millis percentiles of this interval alone, for charts
 */
public record HistoryRow(
        long epochMillis,
        int users,
        EndpointKey key,
        long intervalRequests,
        long intervalFailures,
        double currentRps,
        double currentFailuresPerSecond,
        double[] windowPercentilesMillis,
        double intervalP50Millis,
        double intervalP95Millis,
        double intervalP99Millis,
        long totalRequests,
        long totalFailures,
        double totalMedianMillis,
        double totalAvgMillis,
        double totalMinMillis,
        double totalMaxMillis,
        double totalAvgContentSize) {

    public boolean aggregated() {
        return key == null;
    }
}
