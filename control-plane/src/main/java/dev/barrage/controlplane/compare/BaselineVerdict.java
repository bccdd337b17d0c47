package dev.barrage.controlplane.compare;

import java.util.List;
import java.util.UUID;

/**
 * A run judged against its project's baseline run when it ended: every number that got worse beyond the tolerance,
 * and the endpoints one of the two runs did not call (listed, not held against the run).
 */
public record BaselineVerdict(UUID baselineRunId, Tolerance tolerance, boolean passed, List<Regression> regressions,
        List<String> missing, List<String> added) {

    /** {@code endpoint} is "TYPE name", or "Aggregated" for every request together. */
    public record Regression(String endpoint, Metric metric, double baseline, double value, Double change) {}
}
