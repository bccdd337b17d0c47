package dev.barrage.runner.stats;

/** Sees every recorded request as it happens (Locust's request event), e.g. for a test that keeps raw latencies. */
@FunctionalInterface
public interface RequestListener {
    void onRequest(String type, String name, long responseTimeMicros, long contentLength, String error);
}
