package dev.barrage.runner.stats;

import dev.barrage.runner.http.RequestPhases;

/** Sees every recorded request as it happens (Locust's request event), e.g. for a test that keeps raw latencies. */
@FunctionalInterface
public interface RequestListener {
    /**
     * @param phases an HTTP request's phases, null for other requests and measurements; the client's own object,
     *     cleared at its next request: read it here, do not keep it
     */
    void onRequest(String type, String name, long responseTimeMicros, long contentLength, String error,
            RequestPhases phases);
}
