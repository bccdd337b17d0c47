package dev.barrage.runner.report;

import dev.barrage.protocol.Phase;
import dev.barrage.protocol.stats.PhaseTotals;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An endpoint's HTTP requests phase by phase (k6's {@code http_req_connecting}, {@code http_req_waiting} and so on):
 * each phase's median, 95th percentile, mean and max in milliseconds, keyed {@code resolve}, {@code connect},
 * {@code tls}, {@code send}, {@code ttfb}, {@code receive}; and how many connections its requests opened and how many
 * times they went over one already open.
 *
 * @param requests the HTTP requests timed (a request refused before it was sent has no phases)
 */
public record PhaseSummary(long requests, long newConnections, long reusedConnections, Map<String, Stat> phases) {

    public record Stat(double medianMillis, double p95Millis, double avgMillis, double maxMillis) {}

    /** Null when nothing was timed (an endpoint of {@code measure} calls). */
    static PhaseSummary of(PhaseTotals totals) {
        if (totals == null) {
            return null;
        }
        Map<String, Stat> phases = new LinkedHashMap<>();
        for (Phase p : Phase.all()) {
            phases.put(p.key(), new Stat(totals.medianMillis(p), totals.percentileMillis(p, 0.95), totals.meanMillis(p),
                    totals.maxMillis(p)));
        }
        return new PhaseSummary(totals.timedRequests(), totals.newConnections(), totals.reusedConnections(), phases);
    }

    public Stat phase(Phase phase) {
        return phases.get(phase.key());
    }
}
