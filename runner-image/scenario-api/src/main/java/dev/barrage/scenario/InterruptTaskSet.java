package dev.barrage.scenario;

/**
 * Thrown by {@link TaskSet#interrupt()}: ends the task set and returns control to its parent (Locust's
 * InterruptTaskSet). Not meant to be caught by scenario code.
 */
public final class InterruptTaskSet extends RuntimeException {
    private final boolean reschedule;

    InterruptTaskSet(boolean reschedule) {
        super("task set interrupted", null, false, false);
        this.reschedule = reschedule;
    }

    /** True when the parent goes on with its next task at once, false when it waits first. */
    public boolean reschedule() {
        return reschedule;
    }
}
