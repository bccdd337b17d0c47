package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.events.RunEvents;
import dev.barrage.controlplane.launch.RunnerLauncher;
import dev.barrage.controlplane.quotas.UsageMeter;
import dev.barrage.controlplane.scenarios.ScenarioVersion;
import dev.barrage.controlplane.stats.RunAggregator;
import dev.barrage.controlplane.stats.RunnerControl;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.messages.RunnerCommand;
import dev.barrage.protocol.messages.RunnerStatus;
import dev.barrage.runner.report.JsonReport;
import dev.barrage.runner.report.RunReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The run state machine, driven by what runners say: all READY → START is sent; first RUNNING → the run runs; all
 * STOPPED (or failed, or lost) → the report is written and the run ends. A watchdog catches runners that never get
 * ready or fall silent. Every transition is persisted, so the state survives a restart.
 */
@ApplicationScoped
public class RunLifecycle {
    private static final Logger LOG = Logger.getLogger(RunLifecycle.class);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** A running runner that has not reported for this long (three intervals and some slack) is lost. */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(5);
    /**
     * Runners report every second: when no record of any run has arrived for this long, it is the broker or this
     * instance that is away, not the runners.
     */
    static final Duration QUIET_LIMIT = Duration.ofSeconds(2);
    /** How long past its duration and stop timeout a run may go before it is stopped anyway. */
    static final Duration OVERRUN = Duration.ofSeconds(60);
    /** A runner that never started and did not answer a STOP for this long is gone. */
    static final Duration STOP_UNANSWERED = Duration.ofSeconds(30);
    private static final Set<String> DONE = Set.of("stopped", "failed", "lost");
    /**
     * A stopping run none of whose unfinished runners has said anything for this long ends, silence or not: its
     * runners are gone (their control plane died with them, say) and nothing will ever report again. Without this, a
     * run would stay "stopping" for ever and count against the plan's runs at once.
     */
    static final Duration STOP_ABANDONED = Duration.ofMinutes(2);

    @Inject
    RunAggregator aggregator;

    @Inject
    RunnerControl control;

    @Inject
    RunnerLauncher launcher;

    @Inject
    UsageMeter meter;

    @Inject
    RunEvents events;

    @Inject
    dev.barrage.controlplane.kafka.RunnerAccess runnerAccess;

    @Inject
    jakarta.enterprise.inject.Instance<dev.barrage.controlplane.stats.RunnerReportsConsumer> reports;

    private ScheduledExecutorService watchdog;

    void start(@Observes StartupEvent event) {
        launcher.onRunnerExit(exit -> runnerExited(exit));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("barrage-run-watchdog").daemon().unstarted(r));
        watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    public synchronized void statusReceived(UUID runId, RunnerStatus status) {
        int index = runnerIndex(status.runnerId());
        String message = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            RunRunner runner = RunRunner.findById(new RunRunner.Key(runId, index));
            if (run == null || runner == null || run.status().ended()) {
                return null;
            }
            switch (status.state()) {
                case READY -> {
                    runner.status = "ready";
                    touch(runner);
                    if (run.status() == RunStatus.STOPPING) {
                        return "stop-again"; // a STOP sent before this runner listened went past it
                    }
                    if (run.status() == RunStatus.STARTING && RunRunner.ofRun(runId).stream().allMatch(r -> r.status.equals("ready"))) {
                        return "start";
                    }
                }
                case RUNNING -> {
                    runner.status = "running";
                    touch(runner);
                    if (run.status() == RunStatus.STARTING) {
                        run.status = RunStatus.RUNNING.id();
                        run.startedAt = OffsetDateTime.now();
                        return "running";
                    }
                }
                case STOPPED -> {
                    runner.status = "stopped";
                    runner.lastSequence = status.lastSequence();
                    touch(runner);
                    boolean stopAll = status.message() != null && run.status() == RunStatus.RUNNING;
                    return stopAll ? "stop-run:" + status.message() : "runner-done";
                }
                case FAILED -> {
                    if (DONE.contains(runner.status)) {
                        return null; // its process's end was seen first (with the same reason, from its last words)
                    }
                    runner.status = "failed";
                    runner.message = status.message();
                    touch(runner);
                    return run.status() == RunStatus.STARTING ? "fail:" + status.runnerId() + " failed: " + status.message()
                            : "runner-done";
                }
            }
            return null;
        });
        if (message == null) {
            return;
        }
        if (message.startsWith("stop-run:")) {
            // this runner's scenario asked for the whole run to stop: the others stop too, with its reason
            requestStop(runId, "runner " + index + ": " + message.substring("stop-run:".length()));
            message = "runner-done";
        }
        switch (message) {
            case "start" -> sendStart(runId);
            case "stop-again" -> control.send(RunnerCommand.stop(runId.toString()));
            case "running" -> {
                aggregator.status(runId, RunStatus.RUNNING.id());
                events.publish("run.started", QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId)), null);
            }
            case "runner-done" -> {
                aggregator.runnerFinished(runId);
                finishIfAllDone(runId);
            }
            default -> fail(runId, message.substring("fail:".length()));
        }
    }

    private void sendStart(UUID runId) {
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId));
        control.send(RunnerCommand.start(runId.toString(), run.users, run.spawnRate, run.durationSeconds));
        LOG.infof("run %s: all %d runner(s) ready, started %d users at %.2f/s for %d s", runId, run.runners, run.users,
                run.spawnRate, run.durationSeconds);
    }

    /**
     * Takes over a run in progress that this instance did not start: after a restart, or when Kafka moved the run's
     * partition here from another instance. Returns when the run was created, to replay its reports from; empty
     * when there is no such run in progress (or it is already held here).
     */
    public synchronized java.util.Optional<java.time.Instant> adopt(UUID runId) {
        if (aggregator.isOpen(runId)) {
            return java.util.Optional.empty();
        }
        RunReport.RunInfo info = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            if (run == null || run.status().ended()) {
                return null;
            }
            ScenarioVersion version = ScenarioVersion.findById(run.scenarioVersionId);
            // the replayed reports place the start of the load; the run's creation only bounds it
            long start = run.createdAt.toInstant().toEpochMilli();
            return new RunReport.RunInfo(version.shownName(), run.targetHost, run.users, run.spawnRate, start, start, 0);
        });
        if (info == null) {
            return java.util.Optional.empty();
        }
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId));
        aggregator.open(runId, info, run.runners, ReportThresholds.stored(run.thresholds));
        LOG.infof("run %s: taken over by this instance", runId);
        return java.util.Optional.of(run.createdAt.toInstant());
    }

    public void intervalReceived(UUID runId, IntervalReport report) {
        meter.record(runId, report);
        int index = runnerIndex(report.runnerId());
        QuarkusTransaction.requiringNew().run(() -> {
            RunRunner runner = RunRunner.findById(new RunRunner.Key(runId, index));
            if (runner != null) {
                runner.lastSequence = Math.max(runner.lastSequence, report.sequence());
                touch(runner);
            }
        });
    }

    /** Counts a record on the run that its runners did not send (see RunnerReportsConsumer); the run goes on. */
    public void recordRejected(UUID runId) {
        QuarkusTransaction.requiringNew().run(() ->
                Run.update("rejectedRecords = rejectedRecords + 1 where id = ?1", runId));
    }

    synchronized void runnerExited(RunnerLauncher.RunnerExit exit) {
        String outcome = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(exit.runId());
            RunRunner runner = RunRunner.findById(new RunRunner.Key(exit.runId(), exit.runnerIndex()));
            if (run == null || runner == null || run.status().ended() || DONE.contains(runner.status)) {
                return null;
            }
            runner.status = "failed";
            runner.message = exit.detail();
            touch(runner);
            return run.status() == RunStatus.STARTING ? "fail" : "done";
        });
        if ("fail".equals(outcome)) {
            fail(exit.runId(), "runner " + exit.runnerIndex() + " failed: " + exit.detail());
        } else if ("done".equals(outcome)) {
            aggregator.runnerFinished(exit.runId());
            finishIfAllDone(exit.runId());
        }
    }

    /** The user pressed stop: runners finish their tasks and report a last time. */
    public void requestStop(UUID runId) {
        requestStop(runId, null);
    }

    /** Stops the run; the reason, if any, stays with it (e.g. the quota ran out). */
    public void requestStop(UUID runId, String reason) {
        boolean send = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            if (run.status().ended() || run.status() == RunStatus.STOPPING) {
                return false;
            }
            run.status = RunStatus.STOPPING.id();
            if (reason != null) {
                run.statusReason = reason;
            }
            return true;
        });
        if (send) {
            aggregator.status(runId, RunStatus.STOPPING.id());
            control.send(RunnerCommand.stop(runId.toString()));
        }
    }

    public void setUsers(UUID runId, int users, double spawnRate) {
        control.send(RunnerCommand.setUsers(runId.toString(), users, spawnRate));
    }

    private void finishIfAllDone(UUID runId) {
        boolean allDone = QuarkusTransaction.requiringNew().call(() ->
                RunRunner.ofRun(runId).stream().allMatch(r -> DONE.contains(r.status)));
        if (allDone) {
            finish(runId);
        }
    }

    synchronized void finish(UUID runId) {
        meter.close(runId);
        var thresholds = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            return ReportThresholds.stored(run == null ? null : run.thresholds);
        });
        // the live stream's last event says how the run ended, not the state it was in before
        String endStatus = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            boolean anyRunnerOk = RunRunner.ofRun(runId).stream().anyMatch(r -> r.status.equals("stopped"));
            return run == null || run.status().ended() ? null : (run.status() == RunStatus.STOPPING ? RunStatus.STOPPED
                    : anyRunnerOk ? RunStatus.FINISHED : RunStatus.FAILED).id();
        });
        // followed report by report by the aggregator when it held the run; else judged on the report's columns
        Optional<RunAggregator.Ending> ending = aggregator.end(runId, endStatus);
        Optional<RunReport> report = ending.map(RunAggregator.Ending::report).map(r -> r.thresholds() != null || thresholds.isEmpty()
                ? r : r.withOutcome(ReportThresholds.evaluate(thresholds, r), r.iterations()));
        // (the open model's iterations, merged from every runner's interval reports, stay in the report)
        try {
            storeEnd(runId, report);
        } finally {
            // the live streams end once the run reads as ended: a client that asks for it then sees its end
            ending.ifPresent(e -> e.lastEvent().run());
        }
        Run ended = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId));
        if (ended != null) {
            events.publish("run." + ended.status, ended, report.orElse(null));
        }
        launcher.stop(runId);
        runnerAccess.revoke(runId);
        LOG.infof("run %s ended", runId);
    }

    /** The run's end status, end time, report, thresholds' results and baseline verdict, in one transaction. */
    private void storeEnd(UUID runId, Optional<RunReport> report) {
        QuarkusTransaction.requiringNew().run(() -> {
            Run run = Run.findById(runId);
            if (run == null || run.status().ended()) {
                return;
            }
            boolean anyRunnerOk = RunRunner.ofRun(runId).stream().anyMatch(r -> r.status.equals("stopped"));
            run.status = (run.status() == RunStatus.STOPPING ? RunStatus.STOPPED
                    : anyRunnerOk ? RunStatus.FINISHED : RunStatus.FAILED).id();
            if (!anyRunnerOk && run.statusReason == null) {
                run.statusReason = "no runner finished: " + RunRunner.ofRun(runId).stream()
                        .map(r -> "runner " + r.runnerIndex + " " + r.status + (r.message == null ? "" : " (" + r.message + ")"))
                        .reduce((a, b) -> a + "; " + b).orElse("");
            }
            run.endedAt = OffsetDateTime.now();
            report.ifPresent(r -> {
                run.report = JsonReport.render(r);
                run.thresholdResults = ReportThresholds.resultsJson(r.thresholds());
                if (run.status() != RunStatus.FAILED) {
                    run.baselineVerdict = againstBaseline(run, r);
                }
            });
        });
    }

    /** The verdict against the project's baseline; a baseline that cannot be read must not cost the run its report. */
    private static String againstBaseline(Run run, RunReport report) {
        try {
            return dev.barrage.controlplane.compare.BaselineJudge.judge(run.projectId, run.id, report).orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf(e, "run %s could not be judged against its project's baseline", run.id);
            return null;
        }
    }

    synchronized void fail(UUID runId, String reason) {
        boolean failed = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            if (run == null || run.status().ended()) {
                return false;
            }
            run.status = RunStatus.FAILED.id();
            run.statusReason = reason;
            run.endedAt = OffsetDateTime.now();
            return true;
        });
        if (!failed) {
            return;
        }
        LOG.warnf("run %s failed: %s", runId, reason);
        meter.close(runId);
        Optional<RunReport> report = aggregator.close(runId, RunStatus.FAILED.id());
        report.ifPresent(r -> QuarkusTransaction.requiringNew().run(() -> {
            Run run = Run.findById(runId);
            run.report = JsonReport.render(r);
        }));
        events.publish("run.failed", QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId)),
                report.orElse(null));
        try {
            control.send(RunnerCommand.stop(runId.toString()));
        } catch (RuntimeException e) {
            LOG.warnf("could not tell the runners of %s to stop: %s", runId, e.getMessage());
        }
        launcher.stop(runId);
        runnerAccess.revoke(runId);
    }

    /** Runners that never got ready, runners that fell silent, runs that overran their time. */
    private void watch() {
        try {
            OffsetDateTime now = OffsetDateTime.now();
            List<Run> active = QuarkusTransaction.requiringNew().call(() ->
                    Run.<Run>list("status in ?1", List.of("starting", "running", "stopping")));
            meter.flushDue();
            Set<UUID> exhausted = meter.exhaustedAmong(active);
            for (Run run : active) {
                if (exhausted.contains(run.accountId) && run.status() != RunStatus.STOPPING) {
                    LOG.warnf("run %s: the account's VU-hours are used up, stopping it", run.id);
                    requestStop(run.id, "quota exhausted: the account's VU-hours for this month are used up");
                }
            }
            for (Run run : active) {
                if (run.status() == RunStatus.STARTING && run.createdAt.plus(READY_TIMEOUT).isBefore(now)) {
                    fail(run.id, "runners were not ready within " + READY_TIMEOUT.toSeconds() + " s");
                    continue;
                }
                if (run.status() == RunStatus.STARTING) {
                    continue;
                }
                if (run.status() == RunStatus.RUNNING && run.startedAt != null && run.startedAt
                        .plusSeconds(run.durationSeconds + run.stopTimeoutSeconds + OVERRUN.toSeconds()).isBefore(now)) {
                    LOG.warnf("run %s: still running long after its time; stopping it", run.id);
                    requestStop(run.id, "the runners did not end the run on time");
                    continue;
                }
                if (run.status() == RunStatus.RUNNING) {
                    var failed = aggregator.abortNow(run.id);
                    if (failed.isPresent()) {
                        LOG.warnf("run %s: threshold %s failed (%s); stopping it", run.id, failed.get().threshold(),
                                failed.get().actualText());
                        requestStop(run.id, "threshold " + failed.get().threshold() + " failed: " + failed.get().actualText());
                        continue;
                    }
                }
                if (run.status() == RunStatus.STOPPING && abandonStopping(run, now)) {
                    continue;
                }
                if (reports.get().healthyForMillis() < 2 * SILENCE_LIMIT.toMillis()
                        || reports.get().quietForMillis() > QUIET_LIMIT.toMillis()) {
                    // reports were held (database down), or nothing arrives from any runner (broker unreachable):
                    // the silence is ours, not a runner's
                    continue;
                }
                List<Integer> lost = QuarkusTransaction.requiringNew().call(() -> {
                    boolean stopping = run.status() == RunStatus.STOPPING;
                    List<Integer> silent = RunRunner.ofRun(run.id).stream()
                            .filter(r -> (r.status.equals("running") && r.updatedAt.plus(SILENCE_LIMIT).isBefore(now))
                                    // told to stop before it ever ran, and still not answering
                                    || (stopping && (r.status.equals("ready") || r.status.equals("launching"))
                                            && r.updatedAt.plus(STOP_UNANSWERED).isBefore(now)))
                            .map(r -> r.runnerIndex).toList();
                    for (int i : silent) {
                        RunRunner r = RunRunner.findById(new RunRunner.Key(run.id, i));
                        r.status = "lost";
                        r.message = "no report since " + r.updatedAt + " (last report #" + r.lastSequence + ")";
                    }
                    return silent;
                });
                if (!lost.isEmpty()) {
                    LOG.warnf("run %s: runner(s) %s lost", run.id, lost);
                    lost.forEach(i -> aggregator.runnerFinished(run.id));
                    finishIfAllDone(run.id);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("run watchdog failed; trying again in a second", e);
        }
    }

    /** Marks the runners of a long-silent stopping run lost and ends it; false when some runner spoke recently. */
    private boolean abandonStopping(Run run, OffsetDateTime now) {
        List<Integer> abandoned = QuarkusTransaction.requiringNew().call(() -> {
            List<RunRunner> open = RunRunner.ofRun(run.id).stream().filter(r -> !DONE.contains(r.status)).toList();
            if (open.isEmpty() || open.stream().anyMatch(r -> r.updatedAt.plus(STOP_ABANDONED).isAfter(now))) {
                return List.<Integer>of();
            }
            for (RunRunner r : open) {
                r.status = "lost";
                r.message = "did not answer the stop: nothing since " + r.updatedAt + " (last report #" + r.lastSequence + ")";
            }
            return open.stream().map(r -> r.runnerIndex).toList();
        });
        if (abandoned.isEmpty()) {
            return false;
        }
        LOG.warnf("run %s: runner(s) %s silent for %d s after the stop; ending the run", run.id, abandoned,
                STOP_ABANDONED.toSeconds());
        abandoned.forEach(i -> aggregator.runnerFinished(run.id));
        finishIfAllDone(run.id);
        return true;
    }

    private static void touch(RunRunner runner) {
        runner.updatedAt = OffsetDateTime.now();
    }

    static int runnerIndex(String runnerId) {
        int r = runnerId.lastIndexOf("-r");
        try {
            return Integer.parseInt(runnerId.substring(r + 2));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
