package dev.barrage.controlplane.integrations;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again: after what the service asked for (Retry-After), else after an exponential backoff
 * with jitter (first, 2 x first, 4 x first... each between half and all of it), never longer than the maximum; and
 * no more after the last attempt.
 */
public record RetryPolicy(int maxAttempts, Duration first, Duration max) {

    /** The wait before the next attempt, after {@code attemptsSoFar} attempts. */
    public Duration delay(int attemptsSoFar, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.isNegative() ? Duration.ZERO : retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        long base = first.toMillis() << Math.min(20, Math.max(0, attemptsSoFar - 1));
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    public boolean exhausted(int attemptsSoFar) {
        return attemptsSoFar >= maxAttempts;
    }

    /**
     * A Retry-After header: a number of seconds or an HTTP date (RFC 9110). Null when absent or unreadable.
     */
    public static Duration retryAfter(String header, java.time.Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
