package dev.barrage.runner.stats;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.Phase;
import dev.barrage.protocol.PhaseTimes;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.runner.http.RequestPhases;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Collects one endpoint's requests for the current interval. A short lock per endpoint keeps the histogram, counts
 * and failure messages of an interval consistent with each other when the interval is cut.
 */
final class EndpointRecorder {
    private final EndpointKey key;
    private Histogram histogram = EndpointTotals.newHistogram();
    private long requests;
    private long failures;
    private long sumMicros;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros;
    private long bytes;
    private Map<String, Long> errors = new HashMap<>();
    /** This interval's phase histograms, by {@link Phase#ordinal()}; null until an HTTP request is recorded. */
    private Histogram[] phases;
    /**
     * Zeros not yet put in {@link #phases}: most requests go over a kept-alive connection, whose resolve, connect and
     * TLS times are 0, so they are counted here and added to the histograms in one step when the interval is cut.
     */
    private final long[] zeros = new long[Phase.all().length];
    private long newConnections;
    private long reusedConnections;

    EndpointRecorder(EndpointKey key) {
        this.key = key;
    }

    /** @param timed the request's phases, or null for a request or measurement without */
    synchronized void record(long micros, long contentLength, String error, RequestPhases timed) {
        if (timed != null && timed.measured()) {
            if (phases == null) {
                phases = new Histogram[Phase.all().length];
                for (int i = 0; i < phases.length; i++) {
                    phases[i] = EndpointTotals.newHistogram();
                }
            }
            for (Phase phase : Phase.all()) {
                long value = timed.micros(phase);
                if (value == 0) {
                    zeros[phase.ordinal()]++;
                } else {
                    phases[phase.ordinal()].recordValue(value);
                }
            }
            newConnections += timed.newConnections();
            reusedConnections += timed.reusedConnections();
        }
        histogram.recordValue(micros);
        requests++;
        sumMicros += micros;
        minMicros = Math.min(minMicros, micros);
        maxMicros = Math.max(maxMicros, micros);
        bytes += contentLength;
        if (error != null) {
            failures++;
            errors.merge(error, 1L, Long::sum);
        }
    }

    /** Hands out this interval's numbers and starts a new interval. */
    synchronized Cut cut() {
        if (phases != null) {
            for (int i = 0; i < zeros.length; i++) {
                if (zeros[i] > 0) {
                    phases[i].recordValueWithCount(0, zeros[i]);
                    zeros[i] = 0;
                }
            }
        }
        EndpointInterval interval = new EndpointInterval(key, requests, failures, sumMicros, minMicros, maxMicros, bytes,
                histogram, phases == null ? null : new PhaseTimes(newConnections, reusedConnections, phases));
        Map<String, Long> intervalErrors = errors;
        phases = null;
        newConnections = reusedConnections = 0;
        histogram = EndpointTotals.newHistogram();
        requests = failures = sumMicros = maxMicros = bytes = 0;
        minMicros = Long.MAX_VALUE;
        errors = new HashMap<>();
        return new Cut(interval, intervalErrors);
    }

    record Cut(EndpointInterval interval, Map<String, Long> errors) {}
}
