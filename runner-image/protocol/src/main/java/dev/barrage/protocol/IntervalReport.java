package dev.barrage.protocol;

import java.util.List;
import java.util.Map;

/**
 * What a runner reports every interval: the requests completed between {@code startEpochMillis} and
 * {@code endEpochMillis}, the users running at the end of it, failures by message and scenario exceptions.
 * {@code sequence} increases by one per report of a runner, which makes merging idempotent.
 */
public record IntervalReport(
        String runnerId,
        long sequence,
        long startEpochMillis,
        long endEpochMillis,
        int users,
        List<EndpointInterval> endpoints,
        Map<ErrorKey, Long> errors,
        Map<ExceptionKey, Long> exceptions) {

    public long requests() {
        return endpoints.stream().mapToLong(EndpointInterval::requests).sum();
    }

    public long failures() {
        return endpoints.stream().mapToLong(EndpointInterval::failures).sum();
    }
}
