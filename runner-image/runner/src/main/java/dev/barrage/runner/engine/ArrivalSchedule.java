package dev.barrage.runner.engine;

import dev.barrage.scenario.ArrivalRate;

/**
 * When each iteration of the open model is due. Iteration {@code n} (from 0) is due when the rate integrated since
 * the start reaches {@code n + 1/2}, so that a constant rate R over T seconds makes R·T iterations, evenly spaced.
 */
interface ArrivalSchedule {
    /** Nanoseconds from the start at which iteration {@code n} is due, or -1 when the schedule ends before it. */
    long dueNanos(long n);

    static ArrivalSchedule of(ArrivalRate rate) {
        return rate.stages().isEmpty()
                ? new ConstantArrivalRate(rate.startRate())
                : new RampingArrivalRate(rate.startRate(), rate.stages());
    }
}
