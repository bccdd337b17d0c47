package dev.barrage.runner.engine;

/**
 * The integral of the running users over time, exactly: every start and end of a user is a step. VU-hours are
 * metered from it, so a ramp or a change of the user count mid-run is charged for what ran, not what was asked.
 */
final class UserTimeMeter {
    private int users;
    private long lastNanos = System.nanoTime();
    private long userNanos;

    synchronized void change(int delta) {
        advance(System.nanoTime());
        users += delta;
    }

    /** User-milliseconds since the previous call. */
    synchronized long drainMillis() {
        advance(System.nanoTime());
        long millis = userNanos / 1_000_000;
        userNanos -= millis * 1_000_000;
        return millis;
    }

    private void advance(long now) {
        userNanos += users * (now - lastNanos);
        lastNanos = now;
    }
}
