package dev.barrage.controlplane.compare;

import dev.barrage.runner.report.EndpointRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs side by side, endpoint by endpoint: rows are aligned by request type and name ("GET /cart"), whatever scenario
 * or version produced them, sorted by name as Locust's table is, and every run's numbers are judged against the
 * baseline run's (the first, unless named).
 *
 * @param runs        the runs, baseline first
 * @param regressions per run (same order), how many numbers got worse than the baseline's beyond the tolerance
 */
public record Comparison(UUID baselineRunId, Tolerance tolerance, List<RunSummary> runs, List<Aligned> endpoints,
        Aligned aggregated, List<Integer> regressions) {

    /** One endpoint across the runs: a cell per run, in the runs' order; a cell's numbers are null when it lacks it. */
    public record Aligned(String type, String name, List<Cell> cells) {}

    /** {@code changes} is null for the baseline's own cell and where either run lacks the endpoint. */
    public record Cell(UUID runId, Numbers numbers, List<Change> changes) {}

    static String key(EndpointRow r) {
        return r.type() + " " + r.name();
    }

    /** Every endpoint any of the runs called, by key, sorted by name, then type. */
    static Map<String, EndpointRow> union(List<RunSummary> runs) {
        Map<String, EndpointRow> all = new java.util.TreeMap<>();
        runs.forEach(run -> run.endpoints().forEach(r -> all.putIfAbsent(r.name() + "\u0000" + r.type(), r)));
        Map<String, EndpointRow> byKey = new LinkedHashMap<>();
        all.values().forEach(r -> byKey.put(key(r), r));
        return byKey;
    }

    /** Compares {@code runs} against {@code baseline} (which must be one of them; it moves to the front). */
    public static Comparison of(List<RunSummary> runs, RunSummary baseline, Tolerance tolerance) {
        List<RunSummary> ordered = new ArrayList<>();
        ordered.add(baseline);
        runs.stream().filter(r -> !r.id().equals(baseline.id())).forEach(ordered::add);
        int[] regressions = new int[ordered.size()];
        List<Aligned> endpoints = new ArrayList<>();
        for (var e : union(ordered).entrySet()) {
            List<EndpointRow> rows = ordered.stream().map(run -> run.row(e.getKey())).toList();
            endpoints.add(align(e.getValue().type(), e.getValue().name(), ordered, rows, tolerance, regressions));
        }
        Aligned aggregated = align("", "Aggregated", ordered, ordered.stream().map(RunSummary::aggregated).toList(),
                tolerance, regressions);
        List<Integer> counts = new ArrayList<>();
        for (int n : regressions) {
            counts.add(n);
        }
        return new Comparison(baseline.id(), tolerance, ordered, endpoints, aggregated, counts);
    }

    private static Aligned align(String type, String name, List<RunSummary> runs, List<EndpointRow> rows,
            Tolerance tolerance, int[] regressions) {
        EndpointRow base = rows.getFirst();
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            EndpointRow row = rows.get(i);
            List<Change> changes = i == 0 || base == null || row == null ? null : changes(base, row, tolerance);
            if (changes != null) {
                regressions[i] += (int) changes.stream().filter(c -> c.verdict() == Change.Verdict.REGRESSION).count();
            }
            cells.add(new Cell(runs.get(i).id(), row == null ? null : Numbers.of(row), changes));
        }
        return new Aligned(type, name, cells);
    }

    static List<Change> changes(EndpointRow base, EndpointRow row, Tolerance tolerance) {
        List<Change> changes = new ArrayList<>();
        for (Metric m : Metric.values()) {
            changes.add(Change.judge(m, m.of(base), m.of(row), tolerance));
        }
        return changes;
    }
}
