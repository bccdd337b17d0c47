package dev.barrage.protocol.stats;

import dev.barrage.protocol.EndpointInterval;
import org.HdrHistogram.Histogram;

/**
 * Accumulated statistics of one endpoint (or of all of them): exact counts, sums, min and max, and a histogram
 * merged from interval histograms, from which percentiles are read. Times are kept in microseconds and given out in
 * milliseconds, Locust's unit.
 */
public final class EndpointTotals {
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = newHistogram();
    private long requests;
    private long failures;
    private long sumMicros;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros;
    private long bytes;
    /** Null until an interval with HTTP phase times is added. */
    private PhaseTotals phases;

    public static Histogram newHistogram() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    public void add(EndpointInterval interval) {
        requests += interval.requests();
        failures += interval.failures();
        sumMicros += interval.sumMicros();
        bytes += interval.bytes();
        if (interval.requests() > 0) {
            minMicros = Math.min(minMicros, interval.minMicros());
            maxMicros = Math.max(maxMicros, interval.maxMicros());
        }
        histogram.add(interval.histogram());
        if (interval.phases() != null) {
            phasesToAddTo().add(interval.phases());
        }
    }

    private PhaseTotals phasesToAddTo() {
        if (phases == null) {
            phases = new PhaseTotals();
        }
        return phases;
    }

    /**
     * Takes an interval added before back out, for a sliding window. Min and max cannot be taken back: the window sets
     * them again with {@link #extremes}.
     */
    void subtract(EndpointInterval interval) {
        requests -= interval.requests();
        failures -= interval.failures();
        sumMicros -= interval.sumMicros();
        bytes -= interval.bytes();
        histogram.subtract(interval.histogram());
        if (interval.phases() != null) {
            phases.subtract(interval.phases());
        }
    }

    void extremes(long minMicros, long maxMicros) {
        this.minMicros = minMicros;
        this.maxMicros = maxMicros;
    }

    public void add(EndpointTotals other) {
        requests += other.requests;
        failures += other.failures;
        sumMicros += other.sumMicros;
        bytes += other.bytes;
        minMicros = Math.min(minMicros, other.minMicros);
        maxMicros = Math.max(maxMicros, other.maxMicros);
        histogram.add(other.histogram);
        if (other.phases != null) {
            phasesToAddTo().add(other.phases);
        }
    }

    /**
     * The HTTP requests' times phase by phase, and their connections; null when no HTTP request was timed (an endpoint
     * of {@code measure} calls, or reports of runners that predate phase times).
     */
    public PhaseTotals phases() {
        return phases == null || phases.timedRequests() == 0 && phases.newConnections() == 0
                && phases.reusedConnections() == 0 ? null : phases;
    }

    public long requests() {
        return requests;
    }

    public long failures() {
        return failures;
    }

    public long bytes() {
        return bytes;
    }

    public double failRatio() {
        return requests == 0 ? (failures > 0 ? 1 : 0) : (double) failures / requests;
    }

    public double avgMillis() {
        return requests == 0 ? 0 : sumMicros / 1000.0 / requests;
    }

    public double minMillis() {
        return requests == 0 ? 0 : minMicros / 1000.0;
    }

    public double maxMillis() {
        return requests == 0 ? 0 : maxMicros / 1000.0;
    }

    public double avgContentSize() {
        return requests == 0 ? 0 : (double) bytes / requests;
    }

    public double medianMillis() {
        return percentileMillis(0.5);
    }

    /**
     * The response time below which {@code fraction} of the requests finished, e.g. 0.95. Exact to the histogram's
     * precision (three significant digits), clamped to the exact min and max.
     */
    public double percentileMillis(double fraction) {
        if (requests == 0) {
            return 0;
        }
        if (fraction >= 1.0) {
            return maxMillis();
        }
        long micros = histogram.getValueAtPercentile(fraction * 100.0);
        micros = Math.max(minMicros, Math.min(maxMicros, micros));
        return micros / 1000.0;
    }

    /** A copy of the merged histogram (microseconds), for exporting or merging elsewhere. */
    public Histogram histogramCopy() {
        return histogram.copy();
    }
}
