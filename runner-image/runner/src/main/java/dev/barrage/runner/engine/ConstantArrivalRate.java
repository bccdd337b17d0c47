package dev.barrage.runner.engine;

/** The same number of iterations every second, until the run time ends. */
record ConstantArrivalRate(double perSecond) implements ArrivalSchedule {
    ConstantArrivalRate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("a constant arrival rate must be positive, got " + perSecond);
        }
    }

    @Override
    public long dueNanos(long n) {
        return Math.round((n + 0.5) / perSecond * 1e9);
    }
}
