package dev.barrage.protocol.messages;

/**
 * What the control plane tells all runners of a run. Users and spawn rate are the run's totals: each runner takes its
 * own share of them (runner {@code i} of {@code n} runs the run's users {@code i, i + n, ...}).
 *
 * @param runTimeSeconds 0 to run until told to stop
 */
public record RunnerCommand(String runId, Kind kind, int users, double spawnRate, long runTimeSeconds)
        implements ProtocolMessage {

    public enum Kind { START, SET_USERS, STOP }

    public static RunnerCommand start(String runId, int users, double spawnRate, long runTimeSeconds) {
        return new RunnerCommand(runId, Kind.START, users, spawnRate, runTimeSeconds);
    }

    public static RunnerCommand setUsers(String runId, int users, double spawnRate) {
        return new RunnerCommand(runId, Kind.SET_USERS, users, spawnRate, 0);
    }

    public static RunnerCommand stop(String runId) {
        return new RunnerCommand(runId, Kind.STOP, 0, 0, 0);
    }
}
