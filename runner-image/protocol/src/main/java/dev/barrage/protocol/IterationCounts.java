package dev.barrage.protocol;

/**
 * The open model's iterations in an interval (or a run): {@code started} were handed to a user, {@code dropped} were
 * due while every allowed user was busy. {@link #due()}, their sum, is what the arrival rate asked for.
 */
public record IterationCounts(long started, long dropped) {
    public static final IterationCounts NONE = new IterationCounts(0, 0);

    public IterationCounts {
        if (started < 0 || dropped < 0) {
            throw new IllegalArgumentException("iteration counts must not be negative: " + started + ", " + dropped);
        }
    }

    public long due() {
        return started + dropped;
    }

    public IterationCounts plus(IterationCounts other) {
        return new IterationCounts(started + other.started, dropped + other.dropped);
    }

    public IterationCounts minus(IterationCounts earlier) {
        return new IterationCounts(started - earlier.started, dropped - earlier.dropped);
    }
}
