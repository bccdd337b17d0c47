package dev.barrage.controlplane.runs;

import java.util.List;
import java.util.UUID;

/**
 * A request to start a run, with Locust's fields. {@code duration} is a time span such as {@code "30s"}, {@code "5m"},
 * {@code "1h30m"} or a number of seconds; {@code stopTimeout} (same format, default 0) is how long users may finish
 * their task when the run stops, Locust's {@code --stop-timeout}. {@code thresholds} are the runner's expressions
 * ({@code p95<500ms}, {@code fail_ratio<1%}, {@code GET /items/[id]:p99<800ms}), judged on the final report.
 * {@code parameters} are what the scenario reads with {@code parameter(KEY)} (with the project's secrets).
 */
public record RunRequest(
        UUID scenarioVersionId,
        String host,
        Integer users,
        Double spawnRate,
        String duration,
        String stopTimeout,
        Integer runners,
        List<String> tags,
        Git git,
        List<String> thresholds,
        List<String> targets,
        java.util.Map<String, String> parameters) {

    public record Git(String repository, String branch, String commit, Integer pullRequest) {}
}
