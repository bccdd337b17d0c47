package dev.barrage.runner.http;

import dev.barrage.protocol.Phase;
import dev.barrage.scenario.Timings;

/**
 * Where one request's time went, phase by phase (summed over the hops of a followed redirect), and the connections it
 * opened and reused. One per user's client, cleared before each request and read by the recorder before the next: a
 * request allocates nothing for it.
 */
public final class RequestPhases {
    private final long[] nanos = new long[Phase.all().length];
    private int newConnections;
    private int reusedConnections;
    private boolean measured;

    void clear() {
        java.util.Arrays.fill(nanos, 0);
        newConnections = 0;
        reusedConnections = 0;
        measured = false;
    }

    void add(Phase phase, long elapsedNanos) {
        nanos[phase.ordinal()] += elapsedNanos;
        measured = true;
    }

    void opened() {
        newConnections++;
    }

    void reused() {
        reusedConnections++;
    }

    /** Whether the request reached the network (false when it was refused before, e.g. by the run's targets). */
    public boolean measured() {
        return measured;
    }

    public long micros(Phase phase) {
        return nanos[phase.ordinal()] / 1000;
    }

    long nanos(Phase phase) {
        return nanos[phase.ordinal()];
    }

    public int newConnections() {
        return newConnections;
    }

    public int reusedConnections() {
        return reusedConnections;
    }

    /** A copy for scenario code (an {@code @OnRequest} hook's event). */
    public Timings toTimings() {
        return timings(nanos(Phase.RESOLVE), nanos(Phase.CONNECT), nanos(Phase.TLS), nanos(Phase.SEND),
                nanos(Phase.TTFB), nanos(Phase.RECEIVE), newConnections, reusedConnections);
    }

    static Timings timings(long resolve, long connect, long tls, long send, long ttfb, long receive, int opened,
            int reused) {
        return new Timings(resolve / 1e6, connect / 1e6, tls / 1e6, send / 1e6, ttfb / 1e6, receive / 1e6, opened, reused);
    }
}
