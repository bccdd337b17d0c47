package dev.barrage.runner.engine;

/**
 * How the run ended on this runner.
 *
 * @param usersStarted users spawned in all
 * @param usersKilled users still in a task when the stop timeout ran out, whose threads were interrupted
 */
public record RunResult(long startEpochMillis, long endEpochMillis, int usersStarted, int usersKilled) {}
