package dev.barrage.protocol;

import java.util.List;
import java.util.Map;

/**
 * What a runner reports every interval: the requests completed between {@code startEpochMillis} and
 * {@code endEpochMillis}, the users running at the end of it, failures by message and scenario exceptions.
 * {@code sequence} increases by one per report of a runner, which makes merging idempotent. {@code userMillis} is the
 * integral of the runner's running users over the interval (user-milliseconds), what VU-hours are metered from.
 * {@code iterations} are the open model's iterations started and dropped in the interval; null in the closed model
 * (and in reports of senders that predate it).
 */
public record IntervalReport(
        String runnerId,
        long sequence,
        long startEpochMillis,
        long endEpochMillis,
        int users,
        List<EndpointInterval> endpoints,
        Map<ErrorKey, Long> errors,
        Map<ExceptionKey, Long> exceptions,
        long userMillis,
        IterationCounts iterations) {

    public IntervalReport(String runnerId, long sequence, long startEpochMillis, long endEpochMillis, int users,
            List<EndpointInterval> endpoints, Map<ErrorKey, Long> errors, Map<ExceptionKey, Long> exceptions,
            long userMillis) {
        this(runnerId, sequence, startEpochMillis, endEpochMillis, users, endpoints, errors, exceptions, userMillis,
                null);
    }

    /** This report with the open model's iterations of its interval. */
    public IntervalReport withIterations(IterationCounts counts) {
        return new IntervalReport(runnerId, sequence, startEpochMillis, endEpochMillis, users, endpoints, errors,
                exceptions, userMillis, counts);
    }

    /** A report whose user count held for the whole interval. */
    public IntervalReport(String runnerId, long sequence, long startEpochMillis, long endEpochMillis, int users,
            List<EndpointInterval> endpoints, Map<ErrorKey, Long> errors, Map<ExceptionKey, Long> exceptions) {
        this(runnerId, sequence, startEpochMillis, endEpochMillis, users, endpoints, errors, exceptions,
                (long) users * Math.max(0, endEpochMillis - startEpochMillis));
    }

    public long requests() {
        return endpoints.stream().mapToLong(EndpointInterval::requests).sum();
    }

    public long failures() {
        return endpoints.stream().mapToLong(EndpointInterval::failures).sum();
    }
}
