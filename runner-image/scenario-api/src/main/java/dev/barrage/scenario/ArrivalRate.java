package dev.barrage.scenario;

import java.time.Duration;
import java.util.List;

/**
 * The open model (k6's constant and ramping arrival rate): iterations start at a rate whatever the response times,
 * instead of a fixed number of users looping. Put one non-abstract subclass in the scenario and it drives the run
 * instead of {@code -u} and {@code -r}. An iteration is one task of a user, picked as usual; it runs on an idle
 * user, or on a new one while fewer than {@code maxUsers} exist, else it is dropped and counted. Response times
 * are measured from the iteration's intended start, so a late start shows in the statistics. Wait times are not
 * used.
 *
 * <pre>{@code
 * public class Steady extends ArrivalRate {
 *     public Steady() { super(50, 200); }        // 50 iterations per second, at most 200 users
 * }
 * public class Ramp extends ArrivalRate {
 *     public Ramp() { super(0, 200, stage(Duration.ofSeconds(30), 100), stage(Duration.ofMinutes(2), 100)); }
 * }
 * }</pre>
 */
public abstract class ArrivalRate {
    private final double startRate;
    private final int maxUsers;
    private final List<Stage> stages;

    /** Move linearly from the previous rate to {@code target} iterations per second over {@code duration}. */
    public record Stage(Duration duration, double target) {
        public Stage {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("an arrival-rate stage needs a positive duration, got " + duration);
            }
            if (!(target >= 0) || Double.isInfinite(target)) {
                throw new IllegalArgumentException("an arrival rate must be 0 or more iterations per second, got " + target);
            }
        }
    }

    /** Constant arrival rate: {@code iterationsPerSecond} until the run time ({@code -t}) ends or the test is stopped. */
    protected ArrivalRate(double iterationsPerSecond, int maxUsers) {
        this(iterationsPerSecond, maxUsers, new Stage[0]);
        if (!(iterationsPerSecond > 0)) {
            throw new IllegalArgumentException("a constant arrival rate must be positive, got " + iterationsPerSecond);
        }
    }

    /** Ramping arrival rate: from {@code startRate} through the stages; the test ends after the last stage. */
    protected ArrivalRate(double startRate, int maxUsers, Stage... stages) {
        if (!(startRate >= 0) || Double.isInfinite(startRate)) {
            throw new IllegalArgumentException("the start rate must be 0 or more iterations per second, got " + startRate);
        }
        if (maxUsers < 1) {
            throw new IllegalArgumentException("maxUsers must be 1 or more, got " + maxUsers);
        }
        this.startRate = startRate;
        this.maxUsers = maxUsers;
        this.stages = List.of(stages);
    }

    protected static Stage stage(Duration duration, double iterationsPerSecond) {
        return new Stage(duration, iterationsPerSecond);
    }

    public final double startRate() {
        return startRate;
    }

    public final int maxUsers() {
        return maxUsers;
    }

    /** Empty for a constant rate. */
    public final List<Stage> stages() {
        return stages;
    }
}
