package dev.barrage.controlplane.launch;

import java.util.UUID;
import java.util.function.Consumer;

/** Starts and stops the runners of a run: local processes, or (later) a Kubernetes Job. */
public interface RunnerLauncher {
    /** A runner that ended on its own before its run did, e.g. a crashed process. */
    record RunnerExit(UUID runId, int runnerIndex, int exitCode, String detail) {}

    void launch(LaunchSpec spec);

    /** Makes sure no runner of the run is left; harmless if they are already gone. */
    void stop(UUID runId);

    void onRunnerExit(Consumer<RunnerExit> listener);
}
