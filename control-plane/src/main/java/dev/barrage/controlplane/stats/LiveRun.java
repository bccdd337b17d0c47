package dev.barrage.controlplane.stats;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.report.RunReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The statistics of one run in progress, merged from all its runners' interval reports. Reports of several runners
 * for the same second are merged into one time-series point once every runner has reported that second (or a later
 * one), so the series has one point per interval, not one per runner.
 */
final class LiveRun {
    final UUID runId;
    final RunReport.RunInfo info;
    private final int runners;
    private final RunStatistics stats;
    private final Map<String, IntervalReport> pendingByRunner = new HashMap<>();
    private final Map<String, Integer> usersByRunner = new HashMap<>();
    private final BroadcastProcessor<LiveUpdate> updates = BroadcastProcessor.create();
    private volatile LiveUpdate latest;
    private String status = "starting";
    /** The run's thresholds followed report by report (windows, aborting); null when it has none. */
    private dev.barrage.runner.thresholds.ThresholdWatch watch;

    LiveRun(UUID runId, RunReport.RunInfo info, int runners) {
        this.runId = runId;
        this.info = info;
        this.runners = runners;
        // info's start is when the run was created; the statistics start when the first runner's load began
        this.stats = RunStatistics.startingWithTheLoad(info.startEpochMillis(), true);
    }

    /** Merges one runner's report; returns false (and changes nothing) for a report seen before. */
    synchronized boolean accept(IntervalReport report) {
        if (!seen.computeIfAbsent(report.runnerId(), r -> new java.util.HashSet<>()).add(report.sequence())) {
            return false;
        }
        usersByRunner.put(report.runnerId(), report.users());
        if (pendingByRunner.containsKey(report.runnerId())) {
            flushPending(true); // this runner moved on: its previous interval cannot wait for slower runners
        }
        pendingByRunner.put(report.runnerId(), report);
        if (pendingByRunner.size() >= activeRunners()) {
            flushPending(true);
        }
        return true;
    }

    private final Map<String, java.util.Set<Long>> seen = new HashMap<>();

    boolean hasRunner(String runnerId) {
        String prefix = runId + "-r";
        if (runnerId == null || !runnerId.startsWith(prefix)) {
            return false;
        }
        String index = runnerId.substring(prefix.length());
        for (int i = 0; i < runners; i++) {
            if (index.equals(String.valueOf(i))) {
                return true;
            }
        }
        return false;
    }

    private int activeRunners() {
        return Math.max(1, runners - finishedRunners);
    }

    private int finishedRunners;

    synchronized void runnerFinished() {
        finishedRunners++;
        flushPending(true);
    }

    /** Merges the waiting reports into one point of the series. */
    private void flushPending(boolean publish) {
        if (pendingByRunner.isEmpty()) {
            return;
        }
        List<IntervalReport> reports = new ArrayList<>(pendingByRunner.values());
        pendingByRunner.clear();
        int users = usersByRunner.values().stream().mapToInt(Integer::intValue).sum();
        IntervalReport merged = merge(reports, users);
        if (merged != null && stats.accept(merged) && !thresholds.isEmpty()) {
            watch().accept(merged);
        }
        if (publish) {
            publish();
        }
    }

    private IntervalReport merge(List<IntervalReport> reports, int users) {
        List<dev.barrage.protocol.EndpointInterval> endpoints = new ArrayList<>();
        Map<dev.barrage.protocol.ErrorKey, Long> errors = new HashMap<>();
        Map<dev.barrage.protocol.ExceptionKey, Long> exceptions = new HashMap<>();
        long start = Long.MAX_VALUE;
        long end = 0;
        dev.barrage.protocol.IterationCounts iterations = null; // the open model's, summed over the runners
        for (IntervalReport r : reports) {
            if (r.iterations() != null) {
                iterations = iterations == null ? r.iterations() : iterations.plus(r.iterations());
            }
            endpoints.addAll(r.endpoints());
            r.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
            r.exceptions().forEach((k, v) -> exceptions.merge(k, v, Long::sum));
            start = Math.min(start, r.startEpochMillis());
            end = Math.max(end, r.endEpochMillis());
        }
        // one merged report per flush: a fresh sequence number keeps RunStatistics' duplicate check out of the way
        return new IntervalReport("merged", mergedSequence++, start, end, users, endpoints, errors, exceptions)
                .withIterations(iterations);
    }

    private long mergedSequence;

    synchronized void status(String status) {
        this.status = status;
        publish();
    }

    private void publish() {
        latest = LiveUpdate.of(runId, status, report(), watch == null ? null : watch.results(stats));
        updates.onNext(latest);
    }

    synchronized RunReport report() {
        return RunReport.from(stats, new RunReport.RunInfo(info.scenario(), info.host(), info.targetUsers(),
                info.spawnRate(), stats.startEpochMillis(), Math.max(stats.lastEndEpochMillis(), stats.startEpochMillis()),
                stats.users()));
    }

    synchronized void watch(List<dev.barrage.runner.thresholds.Threshold> thresholds) {
        this.thresholds = List.copyOf(thresholds);
    }

    /** The watch, made at the first report: its windows count from the start of the load, known only then. */
    private dev.barrage.runner.thresholds.ThresholdWatch watch() {
        if (watch == null) {
            watch = new dev.barrage.runner.thresholds.ThresholdWatch(thresholds, stats.startEpochMillis());
        }
        return watch;
    }

    private List<dev.barrage.runner.thresholds.Threshold> thresholds = List.of();

    /** The first aborting threshold that fails now, past its grace. */
    synchronized java.util.Optional<dev.barrage.runner.thresholds.ThresholdResult> abortNow() {
        return watch == null ? java.util.Optional.empty() : watch.abortNow(stats);
    }

    /**
     * The final report, with the thresholds judged on the run's merged histograms when they were followed here; the
     * streams get it as their last event from {@link #complete}.
     */
    synchronized RunReport finish(String endStatus) {
        if (endStatus != null) {
            status = endStatus;
        }
        flushPending(false);
        RunReport current = report();
        RunReport report = thresholds.isEmpty() ? current : current.withOutcome(watch().results(stats), current.iterations());
        latest = LiveUpdate.of(runId, status, report, report.thresholds());
        return report;
    }

    /** Sends the streams the last event {@link #finish} made and ends them. */
    synchronized void complete() {
        updates.onNext(latest);
        updates.onComplete();
    }

    Multi<LiveUpdate> stream() {
        LiveUpdate now = latest;
        Multi<LiveUpdate> live = updates.toHotStream();
        return now == null ? live : Multi.createBy().concatenating().streams(Multi.createFrom().item(now), live);
    }
}
