package dev.barrage.controlplane.runs;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A run as the API shows it. {@code thresholdResults} and {@code thresholdsPassed} are null until the thresholds have
 * been judged, when the run ends. {@code reservedVuHours} is what its start held (its estimate; what ran is metered).
 * {@code baseline} is the run judged against its project's baseline run when it ended (null when there was none).
 * {@code rejectedRecords} counts the records keyed with the run that its runners did not send (a forged or replayed
 * report, say): refused, never counted in its numbers. {@code parameters} are those it was started with (the project's
 * secrets, which its runners got too, are not part of a run).
 */
public record RunView(
        UUID id,
        UUID projectId,
        UUID scenarioVersionId,
        String status,
        String statusReason,
        String host,
        int users,
        double spawnRate,
        long durationSeconds,
        long stopTimeoutSeconds,
        int runners,
        List<String> tags,
        RunRequest.Git git,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime endedAt,
        List<RunnerView> runnerStates,
        List<String> thresholds,
        List<dev.barrage.runner.thresholds.ThresholdResult> thresholdResults,
        Boolean thresholdsPassed,
        java.math.BigDecimal reservedVuHours,
        dev.barrage.controlplane.compare.BaselineVerdict baseline,
        long rejectedRecords,
        java.util.Map<String, String> parameters) {

    public record RunnerView(int index, String status, String message, long lastReport) {}

    static RunView of(Run run) {
        List<RunnerView> runners = RunRunner.ofRun(run.id).stream()
                .map(r -> new RunnerView(r.runnerIndex, r.status, r.message, r.lastSequence)).toList();
        RunRequest.Git git = run.gitRepository == null && run.gitCommit == null ? null
                : new RunRequest.Git(run.gitRepository, run.gitBranch, run.gitCommit, run.gitPullRequest);
        List<String> tags = run.tags == null || run.tags.isEmpty() ? List.of() : Arrays.asList(run.tags.split(","));
        var judged = ReportThresholds.results(run.thresholdResults);
        return new RunView(run.id, run.projectId, run.scenarioVersionId, run.status, run.statusReason, run.targetHost,
                run.users, run.spawnRate, run.durationSeconds, run.stopTimeoutSeconds, run.runners, tags, git, run.createdBy, run.createdAt,
                run.startedAt, run.endedAt, runners, ReportThresholds.expressions(run.thresholds), judged,
                judged == null ? null : judged.stream().allMatch(t -> t.passed()),
                dev.barrage.controlplane.quotas.VuHours.of(run.reservedVuMillis),
                dev.barrage.controlplane.compare.BaselineJudge.parse(run.baselineVerdict), run.rejectedRecords,
                RunParameters.read(run.parameters));
    }
}
