package dev.barrage.runner.thresholds;

import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.IterationCounts;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.RunStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks thresholds against a run's merged statistics. */
public final class ThresholdEvaluator {
    private ThresholdEvaluator() {}

    public static List<ThresholdResult> evaluate(List<Threshold> thresholds, RunStatistics stats) {
        List<ThresholdResult> results = new ArrayList<>(thresholds.size());
        for (Threshold t : thresholds) {
            results.add(evaluate(t, stats));
        }
        return results;
    }

    /**
     * One threshold. A threshold on an endpoint that had no request fails (a misspelt name must not pass); during
     * the run, use {@link #hasData} first.
     */
    public static ThresholdResult evaluate(Threshold t, RunStatistics stats) {
        if (t.metric().isIterations()) {
            IterationCounts it = stats.iterations();
            if (it == null) {
                return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                        "no open-model iterations", false);
            }
            double actual = t.metric().readIterations(it.started(), it.dropped(), stats.achievedIterationRate());
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), actual,
                    t.metric().format(actual), t.passes(actual));
        }
        EndpointTotals totals = totals(t.endpoint(), stats);
        if (totals == null) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                    "no requests named " + t.endpoint(), false);
        }
        double actual = t.metric().read(totals, stats.elapsedSeconds());
        if (Double.isNaN(actual)) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                    "no HTTP requests" + (t.endpoint() == null ? "" : " named " + t.endpoint()), false);
        }
        return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), actual,
                t.metric().format(actual), t.passes(actual));
    }

    public static boolean hasData(Threshold t, RunStatistics stats) {
        if (t.metric().isIterations()) {
            return stats.iterations() != null && stats.iterations().due() > 0;
        }
        EndpointTotals totals = totals(t.endpoint(), stats);
        return totals != null && totals.requests() > 0 && (!t.metric().isPhase() || totals.phases() != null);
    }

    /** The aggregated totals, those of "TYPE name", or the merge of every type with that name; null when none. */
    private static EndpointTotals totals(String endpoint, RunStatistics stats) {
        return totals(endpoint, stats.aggregated(), stats.endpoints());
    }

    /**
     * What a threshold's endpoint names among {@code byEndpoint}: all of them ({@code aggregated}) when null, "TYPE
     * name" exactly, else every type with that name merged; null when nothing matches.
     */
    static EndpointTotals totals(String endpoint, EndpointTotals aggregated, Map<EndpointKey, EndpointTotals> byEndpoint) {
        if (endpoint == null) {
            return aggregated;
        }
        for (Map.Entry<EndpointKey, EndpointTotals> e : byEndpoint.entrySet()) {
            if (e.getKey().toString().equals(endpoint)) {
                return e.getValue();
            }
        }
        EndpointTotals merged = null;
        for (Map.Entry<EndpointKey, EndpointTotals> e : byEndpoint.entrySet()) {
            if (e.getKey().name().equals(endpoint)) {
                if (merged == null) {
                    merged = new EndpointTotals();
                }
                merged.add(e.getValue());
            }
        }
        return merged;
    }
}
