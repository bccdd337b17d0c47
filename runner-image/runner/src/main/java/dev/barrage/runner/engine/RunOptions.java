package dev.barrage.runner.engine;

import dev.barrage.runner.http.TargetAllowList;
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
 * @param users the run's users over all runners; this runner starts its share (see {@link UserSequence})
 * @param spawnRate the run's spawn rate over all runners
 * @param runnerIndex this runner's number, from 0
 * @param runnerCount how many runners share the run
 * @param targets where the users' HTTP clients may send requests (a hosted run: its targets only)
 * @param parametersFromEnvironment whether {@code parameter(KEY)} falls back to the environment variable KEY (a run
 *     of one's own); never on the platform, where the runner's environment holds the run's credentials
 */
public record RunOptions(
        URI host,
        int users,
        double spawnRate,
        Duration runTime,
        Duration stopTimeout,
        Duration reportInterval,
        Map<String, String> parameters,
        int runnerIndex,
        int runnerCount,
        TargetAllowList targets,
        boolean parametersFromEnvironment) {

    /** A run whose parameters fall back to the environment, as with {@code barrage run}. */
    public RunOptions(URI host, int users, double spawnRate, Duration runTime, Duration stopTimeout,
            Duration reportInterval, Map<String, String> parameters, int runnerIndex, int runnerCount,
            TargetAllowList targets) {
        this(host, users, spawnRate, runTime, stopTimeout, reportInterval, parameters, runnerIndex, runnerCount, targets,
                true);
    }

    /** A run on this runner alone. */
    public RunOptions(URI host, int users, double spawnRate, Duration runTime, Duration stopTimeout,
            Duration reportInterval, Map<String, String> parameters) {
        this(host, users, spawnRate, runTime, stopTimeout, reportInterval, parameters, 0, 1);
    }

    /** A run whose HTTP requests may go anywhere the scenario points them, as with Locust. */
    public RunOptions(URI host, int users, double spawnRate, Duration runTime, Duration stopTimeout,
            Duration reportInterval, Map<String, String> parameters, int runnerIndex, int runnerCount) {
        this(host, users, spawnRate, runTime, stopTimeout, reportInterval, parameters, runnerIndex, runnerCount,
                TargetAllowList.anywhere());
    }

    public RunOptions {
        if (users < 1) {
            throw new IllegalArgumentException("users must be 1 or more, got " + users);
        }
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw new IllegalArgumentException("spawn rate must be a positive number of users per second, got " + spawnRate);
        }
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(reportInterval, "reportInterval");
        Objects.requireNonNull(targets, "targets");
        parameters = Map.copyOf(parameters);
        if (runnerCount < 1 || runnerIndex < 0 || runnerIndex >= runnerCount) {
            throw new IllegalArgumentException("runner index " + runnerIndex + " is not within 0.." + (runnerCount - 1));
        }
    }
}
