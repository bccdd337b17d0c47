package dev.barrage.protocol;

import org.HdrHistogram.Histogram;

/**
 * One endpoint's requests during one reporting interval of one runner. Response times are in microseconds; the
 * histogram holds every response time of the interval (failed requests included, as in Locust), so histograms of
 * intervals and runners add up exactly. {@code phases} times its HTTP requests phase by phase; null when it had none
 * (and in reports of senders that predate them).
 */
public record EndpointInterval(
        EndpointKey key,
        long requests,
        long failures,
        long sumMicros,
        long minMicros,
        long maxMicros,
        long bytes,
        Histogram histogram,
        PhaseTimes phases) {

    public EndpointInterval(EndpointKey key, long requests, long failures, long sumMicros, long minMicros,
            long maxMicros, long bytes, Histogram histogram) {
        this(key, requests, failures, sumMicros, minMicros, maxMicros, bytes, histogram, null);
    }
}
