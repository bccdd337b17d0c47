package dev.barrage.controlplane.stats;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.runner.report.RunReport;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Holds the live statistics of the runs in progress and hands out their live streams and final reports. */
@ApplicationScoped
public class RunAggregator {
    private final Map<UUID, LiveRun> runs = new ConcurrentHashMap<>();

    public void open(UUID runId, RunReport.RunInfo info, int runners) {
        open(runId, info, runners, java.util.List.of());
    }

    /** Opens a run whose thresholds are followed report by report (sliding windows, abort). */
    public void open(UUID runId, RunReport.RunInfo info, int runners,
            java.util.List<dev.barrage.runner.thresholds.Threshold> thresholds) {
        runs.computeIfAbsent(runId, id -> {
            LiveRun run = new LiveRun(id, info, runners);
            run.watch(thresholds);
            return run;
        });
    }

    /** The first of the run's aborting thresholds that fails now, if the run is held here. */
    public Optional<dev.barrage.runner.thresholds.ThresholdResult> abortNow(UUID runId) {
        LiveRun run = runs.get(runId);
        return run == null ? Optional.empty() : run.abortNow();
    }

    public boolean isOpen(UUID runId) {
        return runs.containsKey(runId);
    }

    /** Merges a runner's interval report into its run; returns false if the run is unknown or the report a repeat. */
    public boolean accept(UUID runId, IntervalReport report) {
        LiveRun run = runs.get(runId);
        return run != null && run.accept(report);
    }

    /** Whether the run held here has a runner of that id ({@code <run id>-r<index>}, index below its runner count). */
    public boolean hasRunner(UUID runId, String runnerId) {
        LiveRun run = runs.get(runId);
        return run != null && run.hasRunner(runnerId);
    }

    public void status(UUID runId, String status) {
        LiveRun run = runs.get(runId);
        if (run != null) {
            run.status(status);
        }
    }

    public void runnerFinished(UUID runId) {
        LiveRun run = runs.get(runId);
        if (run != null) {
            run.runnerFinished();
        }
    }

    /** Drops a run's live statistics without a report, as a crash would; the next record of the run rebuilds them. */
    public void forget(UUID runId) {
        runs.remove(runId);
    }

    /** The run's final report; the run leaves the live set and its streams complete. */
    public Optional<RunReport> close(UUID runId) {
        return close(runId, null);
    }

    /** As {@link #close(UUID)}, the stream's last event carrying {@code endStatus} (unchanged when null). */
    public Optional<RunReport> close(UUID runId, String endStatus) {
        return end(runId, endStatus).map(ending -> {
            ending.lastEvent().run();
            return ending.report();
        });
    }

    /** A run's final report, and what sends its streams their last event and ends them. */
    public record Ending(RunReport report, Runnable lastEvent) {}

    /**
     * As {@link #close(UUID, String)}, but the streams wait for {@link Ending#lastEvent}: the caller stores the run's
     * end first, so that a client reading the run when its stream ends finds it ended.
     */
    public Optional<Ending> end(UUID runId, String endStatus) {
        LiveRun run = runs.remove(runId);
        return run == null ? Optional.empty() : Optional.of(new Ending(run.finish(endStatus), run::complete));
    }

    public Optional<RunReport> current(UUID runId) {
        LiveRun run = runs.get(runId);
        return run == null ? Optional.empty() : Optional.of(run.report());
    }

    public Optional<Multi<LiveUpdate>> stream(UUID runId) {
        LiveRun run = runs.get(runId);
        return run == null ? Optional.empty() : Optional.of(run.stream());
    }
}
