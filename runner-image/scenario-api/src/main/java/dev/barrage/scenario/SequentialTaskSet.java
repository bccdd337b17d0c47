package dev.barrage.scenario;

/**
 * A task set whose tasks run in the order they are declared, over and over (Locust's {@code SequentialTaskSet});
 * a task with {@code @Task(3)} runs three times in a row. Call {@link #interrupt()} to leave it.
 */
public abstract class SequentialTaskSet extends TaskSet {
}
