package dev.barrage.runner.engine;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a scenario on this runner.
 *
 * @param host target base URL; may be null when no user talks HTTP
 * @param runTime how long to run after the first user starts; null runs until {@link LoadEngine#stop()}
 * @param stopTimeout how long users may take to finish their current task once the run stops
 * @param reportInterval how often statistics are cut into an interval report
 */
public record RunOptions(
        URI host,
        int users,
        double spawnRate,
        Duration runTime,
        Duration stopTimeout,
        Duration reportInterval,
        Map<String, String> parameters) {

    public RunOptions {
        if (users < 1) {
            throw new IllegalArgumentException("users must be 1 or more, got " + users);
        }
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw new IllegalArgumentException("spawn rate must be a positive number of users per second, got " + spawnRate);
        }
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(reportInterval, "reportInterval");
        parameters = Map.copyOf(parameters);
    }
}
