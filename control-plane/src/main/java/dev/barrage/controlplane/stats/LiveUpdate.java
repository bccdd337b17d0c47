package dev.barrage.controlplane.stats;

import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import java.util.List;
import java.util.UUID;

/**
 * What the live stream sends every interval: the same table the runner's command line prints, the newest point of
 * the time series, and the run's thresholds as they stand so far (null when it has none; a result whose actual value
 * is not a number has nothing to judge yet, e.g. its first window is not full).
 */
public record LiveUpdate(
        UUID runId,
        String status,
        int users,
        double elapsedSeconds,
        List<EndpointRow> endpoints,
        EndpointRow aggregated,
        List<RunReport.Failure> failures,
        HistoryRow latest,
        List<dev.barrage.runner.thresholds.ThresholdResult> thresholds) {

    static LiveUpdate of(UUID runId, String status, RunReport report,
            List<dev.barrage.runner.thresholds.ThresholdResult> thresholds) {
        List<HistoryRow> history = report.aggregatedHistory();
        return new LiveUpdate(runId, status, report.run().users(),
                (report.run().endEpochMillis() - report.run().startEpochMillis()) / 1000.0,
                report.endpoints(), report.aggregated(), report.failures(),
                history.isEmpty() ? null : history.getLast(), thresholds);
    }
}
