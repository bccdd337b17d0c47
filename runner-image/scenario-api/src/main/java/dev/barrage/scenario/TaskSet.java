package dev.barrage.scenario;

/**
 * A group of tasks that a user enters as one of its tasks (Locust's {@code TaskSet}): declare it as a
 * {@code @Task(weight)} static nested class of the user (or of another task set). Once picked, the user runs the
 * set's tasks, at random by weight, until one of them calls {@link #interrupt()}; then it goes back to its own tasks.
 * A new instance is created, and {@link #onStart()} run, each time the set is entered. The wait time is the user's
 * unless the set overrides {@link #waitTime()}.
 */
public abstract class TaskSet extends TaskHolder {
    /** The user's HTTP client (HTTP users only). */
    protected Http client;

    private User user;

    /** The user running this task set. */
    protected final User user() {
        return user;
    }

    /** Leaves this task set: the parent goes on with its next task at once (Locust's {@code interrupt()}). */
    protected final void interrupt() {
        throw new InterruptTaskSet(true);
    }

    /** Leaves this task set; with {@code reschedule} false the parent waits its wait time before its next task. */
    protected final void interrupt(boolean reschedule) {
        throw new InterruptTaskSet(reschedule);
    }

    /** The user's wait time unless overridden. */
    @Override
    protected WaitTime waitTime() {
        return null;
    }
}
