package dev.barrage.controlplane.compare;

import dev.barrage.runner.report.EndpointRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A project's history, endpoint by endpoint (sorted by name): for each endpoint found in any of the runs, one point
 * per run (oldest first), null where that run did not call it.
 */
public record Trend(UUID projectId, UUID baselineRunId, List<RunSummary> runs, List<Series> endpoints, Series aggregated) {

    public record Series(String type, String name, List<Numbers> points) {}

    static Trend of(UUID projectId, UUID baselineRunId, List<RunSummary> runs) {
        List<Series> endpoints = new ArrayList<>();
        for (var e : Comparison.union(runs).entrySet()) {
            endpoints.add(new Series(e.getValue().type(), e.getValue().name(), runs.stream().map(run -> {
                EndpointRow row = run.row(e.getKey());
                return row == null ? null : Numbers.of(row);
            }).toList()));
        }
        Series aggregated = new Series("", "Aggregated", runs.stream()
                .map(run -> run.aggregated() == null ? null : Numbers.of(run.aggregated())).toList());
        return new Trend(projectId, baselineRunId, runs, endpoints, aggregated);
    }
}
