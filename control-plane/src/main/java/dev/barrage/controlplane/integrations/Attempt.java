package dev.barrage.controlplane.integrations;

import java.time.Duration;

/**
 * What one try at a delivery came to.
 *
 * @param statusCode the service's HTTP status, null when it did not answer
 * @param detail what happened, for the run's delivery list; never a secret
 * @param retryAfter how long the service asked us to wait (Retry-After and kin), null when it did not say
 */
public record Attempt(Outcome outcome, Integer statusCode, String detail, Duration retryAfter) {
    public enum Outcome {
        DELIVERED, RETRY, FAILED
    }

    public static Attempt delivered(int statusCode, String detail) {
        return new Attempt(Outcome.DELIVERED, statusCode, detail, null);
    }

    public static Attempt retry(Integer statusCode, String detail, Duration retryAfter) {
        return new Attempt(Outcome.RETRY, statusCode, detail, retryAfter);
    }

    public static Attempt failed(Integer statusCode, String detail) {
        return new Attempt(Outcome.FAILED, statusCode, detail, null);
    }

    public boolean ok() {
        return outcome == Outcome.DELIVERED;
    }
}
