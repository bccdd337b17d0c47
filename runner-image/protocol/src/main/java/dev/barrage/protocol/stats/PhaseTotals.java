package dev.barrage.protocol.stats;

import dev.barrage.protocol.Phase;
import dev.barrage.protocol.PhaseTimes;
import org.HdrHistogram.Histogram;

/**
 * Accumulated phase times of one endpoint's HTTP requests (or of all endpoints'): merged histograms per phase, from
 * which percentiles are read, and the connections opened and reused. Times are kept in microseconds and given out in
 * milliseconds.
 */
public final class PhaseTotals {
    private final Histogram[] histograms = new Histogram[Phase.all().length];
    private long newConnections;
    private long reusedConnections;

    public PhaseTotals() {
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = EndpointTotals.newHistogram();
        }
    }

    void add(PhaseTimes times) {
        newConnections += times.newConnections();
        reusedConnections += times.reusedConnections();
        for (int i = 0; i < histograms.length; i++) {
            histograms[i].add(times.histograms()[i]);
        }
    }

    void subtract(PhaseTimes times) {
        newConnections -= times.newConnections();
        reusedConnections -= times.reusedConnections();
        for (int i = 0; i < histograms.length; i++) {
            histograms[i].subtract(times.histograms()[i]);
        }
    }

    void add(PhaseTotals other) {
        newConnections += other.newConnections;
        reusedConnections += other.reusedConnections;
        for (int i = 0; i < histograms.length; i++) {
            histograms[i].add(other.histograms[i]);
        }
    }

    /** The HTTP requests timed. */
    public long timedRequests() {
        return histograms[0].getTotalCount();
    }

    /** Connections opened (each hop of a redirect and each resend after a stale keep-alive connection included). */
    public long newConnections() {
        return newConnections;
    }

    /** Request hops sent over a connection that was already open. */
    public long reusedConnections() {
        return reusedConnections;
    }

    /** The time below which {@code fraction} of the timed requests spent in {@code phase}; 0 when none was timed. */
    public double percentileMillis(Phase phase, double fraction) {
        Histogram h = histograms[phase.ordinal()];
        if (h.getTotalCount() == 0) {
            return 0;
        }
        long micros = fraction >= 1.0 ? h.getMaxValue() : h.getValueAtPercentile(fraction * 100.0);
        return micros / 1000.0;
    }

    public double medianMillis(Phase phase) {
        return percentileMillis(phase, 0.5);
    }

    public double meanMillis(Phase phase) {
        Histogram h = histograms[phase.ordinal()];
        return h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0;
    }

    public double maxMillis(Phase phase) {
        return percentileMillis(phase, 1.0);
    }
}
