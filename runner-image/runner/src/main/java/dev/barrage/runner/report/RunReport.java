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

    /**
     * The open model's iterations: handed to a user, or dropped because every allowed user was busy. {@code due}
     * (their sum) per second is the rate the scenario asked for, {@code started} per second the rate achieved;
     * {@code shortfall} says the run could not keep up, dropping iterations from {@code droppedFromSecond} (seconds
     * after the start; the start of the first interval with a drop) to {@code droppedUntilSecond}.
     */
    public record Iterations(long started, long dropped, long due, double targetRate, double achievedRate,
            boolean shortfall, Double droppedFromSecond, Double droppedUntilSecond) {

        public Iterations(long started, long dropped) {
            this(started, dropped, started + dropped, 0, 0, dropped > 0, null, null);
        }

        /** The merged iterations of every runner's interval reports; null in the closed model. */
        public static Iterations of(RunStatistics stats) {
            var counts = stats.iterations();
            if (counts == null) {
                return null;
            }
            long[] dropped = stats.droppedBetweenEpochMillis();
            return new Iterations(counts.started(), counts.dropped(), counts.due(), stats.targetIterationRate(),
                    stats.achievedIterationRate(), counts.dropped() > 0,
                    dropped == null ? null : Math.max(0, dropped[0] - stats.startEpochMillis()) / 1000.0,
                    dropped == null ? null : Math.max(0, dropped[1] - stats.startEpochMillis()) / 1000.0);
        }

        /** Started over due: 1 when nothing was asked for. */
        public double achievedRatio() {
            return due == 0 ? 1 : (double) started / due;
        }

        /** One line for people: "Iterations (open model): 300 due, 60 started, 240 dropped ...". */
        public String summary() {
            String line = String.format(java.util.Locale.ROOT, "Iterations (open model): %d started, %d dropped", started,
                    dropped);
            if (shortfall) {
                line += String.format(java.util.Locale.ROOT,
                        "%nCould not keep up: target %.2f iterations/s, achieved %.2f/s (%.1f%%), %d dropped%s",
                        targetRate, achievedRate, achievedRatio() * 100, dropped,
                        droppedFromSecond == null ? "" : String.format(java.util.Locale.ROOT,
                                " from %.0f s to %.0f s into the run", droppedFromSecond, droppedUntilSecond));
            }
            return line;
        }
    }

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
                Iterations.of(stats),
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
