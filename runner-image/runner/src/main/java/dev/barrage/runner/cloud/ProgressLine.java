package dev.barrage.runner.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** One compact line from a live update: elapsed time, status, users, requests, current rate, failures, p95. */
public final class ProgressLine {
    private ProgressLine() {}

    /**
     * @param update one event of {@code GET /api/runs/{id}/live}
     * @param durationSeconds the run's planned duration, shown after the elapsed time
     */
    public static String of(JsonNode update, long durationSeconds) {
        JsonNode a = update.path("aggregated");
        long requests = a.path("requests").asLong();
        long failures = a.path("failures").asLong();
        double p95 = a.path("percentilesMillis").path("95%").asDouble();
        return String.format(Locale.ROOT, "[%s/%s] %-8s %5d users %9d reqs %8.1f req/s %6.2f%% failed  p95 %s",
                clock(update.path("elapsedSeconds").asDouble()), clock(durationSeconds), update.path("status").asText(),
                update.path("users").asInt(), requests, a.path("currentRps").asDouble(),
                requests == 0 ? 0.0 : failures * 100.0 / requests, millis(p95));
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    private static String millis(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
