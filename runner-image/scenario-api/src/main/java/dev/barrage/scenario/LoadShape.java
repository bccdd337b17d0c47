package dev.barrage.scenario;

import java.time.Duration;
import java.util.List;

/**
 * Changes the number of users over time (Locust's {@code LoadTestShape}). Put one non-abstract subclass in the
 * scenario and it drives the run instead of {@code -u} and {@code -r}. Either list {@link #stages()}, or override
 * {@link #tick()}, which is called about once a second and returns the users and spawn rate wanted now, or null to
 * end the test.
 */
public abstract class LoadShape {
    private final long startNanos = System.nanoTime();

    /** Users over all runners and the spawn rate (users per second) to reach them at. */
    public record Target(int users, double spawnRate) {}

    /** Ramp to {@code users} at {@code spawnRate}, and hold them until {@code duration} after the stage began. */
    public record Stage(Duration duration, int users, double spawnRate) {
        public Stage {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a stage needs a positive duration, got " + duration);
            }
            if (users < 0) {
                throw new IllegalArgumentException("a stage needs 0 users or more, got " + users);
            }
            if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
                throw new IllegalArgumentException("a stage needs a positive spawn rate, got " + spawnRate);
            }
        }
    }

    /** The stages, one after the other; the test ends after the last one. Used by the default {@link #tick()}. */
    protected List<Stage> stages() {
        throw new IllegalStateException(getClass().getSimpleName() + " must override stages() or tick()");
    }

    /** The users and spawn rate wanted now, or null to stop the test. */
    public Target tick() {
        Duration now = runTime();
        Duration end = Duration.ZERO;
        for (Stage stage : stages()) {
            end = end.plus(stage.duration());
            if (now.compareTo(end) < 0) {
                return new Target(stage.users(), stage.spawnRate());
            }
        }
        return null;
    }

    /** Time since the test started (the engine creates the shape when the test starts). */
    protected final Duration runTime() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    protected static Stage stage(Duration duration, int users, double spawnRate) {
        return new Stage(duration, users, spawnRate);
    }

    protected static Target target(int users, double spawnRate) {
        return new Target(users, spawnRate);
    }
}
