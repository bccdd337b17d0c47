package dev.barrage.protocol;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The HTTP requests of one endpoint in one interval, phase by phase: a histogram per {@link Phase} (microseconds,
 * every one holding one value per timed request, failed ones included), and how many connections the requests opened
 * and how many times they went over one already open. Requests of other kinds (a {@code measure}, a token refresh)
 * have no phases.
 *
 * @param histograms indexed by {@link Phase#ordinal()}
 */
public record PhaseTimes(long newConnections, long reusedConnections, Histogram[] histograms) {

    public PhaseTimes {
        Objects.requireNonNull(histograms, "histograms");
        if (histograms.length != Phase.all().length) {
            throw new IllegalArgumentException("one histogram per phase: " + Phase.all().length + ", got " + histograms.length);
        }
    }

    public Histogram histogram(Phase phase) {
        return histograms[phase.ordinal()];
    }

    /** The requests timed: each histogram holds one value for each. */
    public long timedRequests() {
        return histograms[0].getTotalCount();
    }
}
