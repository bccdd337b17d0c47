package dev.barrage.runner.engine;

/**
 * How the run ended on this runner.
 *
 * @param usersStarted users spawned in all
 * @param usersKilled users still in a task when the stop timeout ran out, whose threads were interrupted
 * @param iterationsStarted open model: iterations handed to a user (0 in the closed model)
 * @param iterationsDropped open model: iterations that were due while every allowed user was busy
 * @param scenarioError why the scenario could not go on (a load shape's bad answer), or null
 * @param runStopReason why the scenario asked for the whole run to stop (a feeder out of rows with
 *                      {@code WhenExhausted.STOP_RUN}), or null: on the platform, every runner is stopped with it
 */
public record RunResult(long startEpochMillis, long endEpochMillis, int usersStarted, int usersKilled,
        long iterationsStarted, long iterationsDropped, String scenarioError, String runStopReason) {

    public RunResult(long startEpochMillis, long endEpochMillis, int usersStarted, int usersKilled) {
        this(startEpochMillis, endEpochMillis, usersStarted, usersKilled, 0, 0, null, null);
    }
}
