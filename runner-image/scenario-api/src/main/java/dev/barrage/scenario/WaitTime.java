package dev.barrage.scenario;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a user waits after each task, Locust's {@code wait_time}. The engine asks once per task, passing how long
 * the task just took, which is what pacing needs.
 */
@FunctionalInterface
public interface WaitTime {

    /** @param taskDuration time from the start of the task that just finished until now */
    Duration next(Duration taskDuration);

    /** No wait between tasks (the default). */
    static WaitTime none() {
        return constant(Duration.ZERO);
    }

    /** Wait exactly {@code wait} after every task. */
    static WaitTime constant(Duration wait) {
        requireNotNegative(wait, "constant wait");
        return taskDuration -> wait;
    }

    /** Wait a uniformly random time between {@code min} and {@code max}, inclusive. */
    static WaitTime between(Duration min, Duration max) {
        requireNotNegative(min, "between min");
        requireNotNegative(max, "between max");
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("between(" + min + ", " + max + "): max is below min");
        }
        long minNanos = min.toNanos();
        long spread = max.toNanos() - minNanos;
        return taskDuration -> Duration.ofNanos(minNanos + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1)));
    }

    /**
     * Start a task every {@code pacing}, whatever the task took (Locust's {@code constant_pacing}); a task that takes
     * longer than the pacing is followed immediately by the next one.
     */
    static WaitTime constantPacing(Duration pacing) {
        requireNotNegative(pacing, "constantPacing");
        return taskDuration -> {
            Duration rest = pacing.minus(taskDuration);
            return rest.isNegative() ? Duration.ZERO : rest;
        };
    }

    /** Run at most {@code tasksPerSecond} tasks per second per user (Locust's {@code constant_throughput}). */
    static WaitTime constantThroughput(double tasksPerSecond) {
        if (!(tasksPerSecond > 0) || Double.isInfinite(tasksPerSecond)) {
            throw new IllegalArgumentException("constantThroughput needs a positive rate, got " + tasksPerSecond);
        }
        return constantPacing(Duration.ofNanos(Math.round(1_000_000_000d / tasksPerSecond)));
    }

    private static void requireNotNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, got " + d);
        }
    }
}
