package dev.barrage.scenario;

/** Thrown from a task or {@code onStart} to stop this virtual user for the rest of the run (Locust's StopUser). */
public class StopUser extends RuntimeException {
    public StopUser() {
        super("user stopped", null, false, false);
    }

    /** @param reason logged once per distinct reason, e.g. "no more rows in users.csv" */
    public StopUser(String reason) {
        super(reason, null, false, false);
    }
}
