package dev.barrage.controlplane.stats;

import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import java.util.List;
import java.util.UUID;

/**
 * What the live stream sends every interval: the same table the runner's command line prints, plus the newest point
 * of the time series.
 */
public record LiveUpdate(
        UUID runId,
        String status,
        int users,
        double elapsedSeconds,
        List<EndpointRow> endpoints,
        EndpointRow aggregated,
        List<RunReport.Failure> failures,
        HistoryRow latest) {

    static LiveUpdate of(UUID runId, String status, RunReport report) {
        List<HistoryRow> history = report.aggregatedHistory();
        return new LiveUpdate(runId, status, report.run().users(),
                (report.run().endEpochMillis() - report.run().startEpochMillis()) / 1000.0,
                report.endpoints(), report.aggregated(), report.failures(),
                history.isEmpty() ? null : history.getLast());
    }
}
