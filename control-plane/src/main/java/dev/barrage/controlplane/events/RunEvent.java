package dev.barrage.controlplane.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Something that happened to a run, for the integrations (Slack, Datadog, GitHub) and anyone reading the
 * {@code barrage.run-events} topic: {@code run.started}, {@code run.finished}, {@code run.stopped}, {@code run.failed}.
 *
 * @param summary the run's aggregated numbers at that moment; null when it has none yet
 * @param thresholdsPassed whether every threshold passed, once judged (when a run finished or was stopped with a
 *     report; true when it had none); null otherwise
 * @param thresholds the verdicts, empty when none were judged
 * @param baseline the run against its project's baseline run, when it ended with one; null otherwise
 */
public record RunEvent(
        String type,
        UUID runId,
        UUID accountId,
        UUID projectId,
        String status,
        String reason,
        String targetHost,
        int users,
        List<String> tags,
        Git git,
        Summary summary,
        OffsetDateTime at,
        Boolean thresholdsPassed,
        List<dev.barrage.runner.thresholds.ThresholdResult> thresholds,
        dev.barrage.controlplane.compare.BaselineVerdict baseline) {

    public record Git(String repository, String branch, String commit, Integer pullRequest) {}

    public record Summary(long requests, long failures, double failRatio, double rps, double p50Millis,
            double p95Millis, double p99Millis, double avgMillis, double maxMillis) {}
}
