package dev.barrage.controlplane.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Judges a run that just ended against its project's baseline run. */
public final class BaselineJudge {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private BaselineJudge() {}

    /**
     * The verdict as JSON, or empty when the project has no baseline, the run is the baseline, or the baseline has no
     * report. Call inside a transaction.
     */
    public static Optional<String> judge(UUID projectId, UUID runId, RunReport report) {
        Project project = Project.findById(projectId);
        if (project == null || project.baselineRunId == null || project.baselineRunId.equals(runId) || report == null) {
            return Optional.empty();
        }
        dev.barrage.controlplane.runs.Run baseline = dev.barrage.controlplane.runs.Run.findById(project.baselineRunId);
        if (baseline == null || baseline.report == null) {
            return Optional.empty();
        }
        try {
            RunReport base = JSON.readValue(baseline.report, RunReport.class);
            BaselineVerdict verdict = verdict(baseline.id, tolerance(project), base.endpoints(), base.aggregated(),
                    report.endpoints(), report.aggregated());
            return Optional.of(JSON.writeValueAsString(verdict));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the baseline's stored report does not parse", e);
        }
    }

    static Tolerance tolerance(Project project) {
        try {
            return project.baselineTolerance == null ? Tolerance.DEFAULT
                    : JSON.readValue(project.baselineTolerance, Tolerance.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored tolerance does not parse", e);
        }
    }

    static BaselineVerdict verdict(UUID baselineRunId, Tolerance tolerance, List<EndpointRow> baseRows,
            EndpointRow baseAggregated, List<EndpointRow> rows, EndpointRow aggregated) {
        Map<String, EndpointRow> base = byKey(baseRows);
        Map<String, EndpointRow> now = byKey(rows);
        List<BaselineVerdict.Regression> regressions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (var e : base.entrySet()) {
            EndpointRow row = now.get(e.getKey());
            if (row == null) {
                missing.add(e.getKey());
            } else {
                collect(e.getKey(), e.getValue(), row, tolerance, regressions);
            }
        }
        if (baseAggregated != null && aggregated != null) {
            collect("Aggregated", baseAggregated, aggregated, tolerance, regressions);
        }
        List<String> added = now.keySet().stream().filter(k -> !base.containsKey(k)).toList();
        return new BaselineVerdict(baselineRunId, tolerance, regressions.isEmpty(), regressions, missing, added);
    }

    private static void collect(String endpoint, EndpointRow base, EndpointRow row, Tolerance tolerance,
            List<BaselineVerdict.Regression> into) {
        for (Change c : Comparison.changes(base, row, tolerance)) {
            if (c.verdict() == Change.Verdict.REGRESSION) {
                into.add(new BaselineVerdict.Regression(endpoint, c.metric(), c.baseline(), c.value(), c.change()));
            }
        }
    }

    private static Map<String, EndpointRow> byKey(List<EndpointRow> rows) {
        Map<String, EndpointRow> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(Comparison.key(r), r));
        return map;
    }

    public static BaselineVerdict parse(String json) {
        try {
            return json == null ? null : JSON.readValue(json, BaselineVerdict.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored baseline verdict does not parse", e);
        }
    }
}
