package dev.barrage.runner.report;

import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.ExceptionKey;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.Findings;
import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, computed once from the merged statistics: the console, CSV, JSON and HTML reports all
 * render this, so they cannot disagree. {@code findings} are what {@link Findings} reads in the time series (the knee, a
 * failure jump, a response-time trend); null in reports stored before they were computed.
 */
public record RunReport(
        RunInfo run,
        List<EndpointRow> endpoints,
        EndpointRow aggregated,
        List<Failure> failures,
        List<ExceptionRow> exceptions,
        List<HistoryRow> history,
        List<ThresholdResult> thresholds,
        Iterations iterations,
        List<Findings.Finding> findings) {

    /** What was run, for the report's header. */
    public record RunInfo(
            String scenario,
            String host,
            int targetUsers,
            double spawnRate,
            long startEpochMillis,
            long endEpochMillis,
            int users) {}

    public record Failure(String type, String name, String error, long occurrences) {}

    public record ExceptionRow(long count, String message, String traceback) {}

    /** The open model's iterations: handed to a user, or dropped because every allowed user was busy. */
    public record Iterations(long started, long dropped) {}

    public static RunReport from(RunStatistics stats, RunInfo info) {
        List<EndpointRow> rows = new ArrayList<>();
        for (Map.Entry<EndpointKey, EndpointTotals> e : stats.endpoints().entrySet()) {
            rows.add(EndpointRow.of(e.getKey(), e.getValue(), stats));
        }
        List<Failure> failures = new ArrayList<>();
        for (Map.Entry<ErrorKey, Long> e : stats.errors().entrySet()) {
            failures.add(new Failure(e.getKey().type(), e.getKey().name(), e.getKey().error(), e.getValue()));
        }
        failures.sort(Comparator.comparingLong(Failure::occurrences).reversed());
        List<ExceptionRow> exceptions = new ArrayList<>();
        for (Map.Entry<ExceptionKey, Long> e : stats.exceptions().entrySet()) {
            exceptions.add(new ExceptionRow(e.getValue(), e.getKey().message(), e.getKey().traceback()));
        }
        exceptions.sort(Comparator.comparingLong(ExceptionRow::count).reversed());
        return new RunReport(
                info,
                List.copyOf(rows),
                EndpointRow.of(null, stats.aggregated(), stats),
                List.copyOf(failures),
                List.copyOf(exceptions),
                List.copyOf(stats.history()),
                List.of(),
                null,
                Findings.of(stats.history(), stats.startEpochMillis()));
    }

    /** This report with the verdicts on the thresholds and, for the open model, the iterations (else null). */
    public RunReport withOutcome(List<ThresholdResult> thresholdResults, Iterations openModel) {
        // in the open model users follow the response times and the arrival rate sets the throughput: no knee there
        List<Findings.Finding> kept = openModel == null || findings == null ? findings
                : findings.stream().filter(f -> !f.kind().equals(Findings.KNEE)).toList();
        return new RunReport(run, endpoints, aggregated, failures, exceptions, history, List.copyOf(thresholdResults),
                openModel, kept);
    }

    public boolean thresholdFailed() {
        return thresholds.stream().anyMatch(t -> !t.passed());
    }

    public List<HistoryRow> aggregatedHistory() {
        return history.stream().filter(HistoryRow::aggregated).toList();
    }
}
