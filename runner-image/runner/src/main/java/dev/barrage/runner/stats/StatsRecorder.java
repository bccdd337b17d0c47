package dev.barrage.runner.stats;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.ExceptionKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.runner.http.RequestPhases;
import dev.barrage.runner.http.RequestRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Where every virtual user of this runner records its requests. Each {@link #cut} ends an interval and returns it as
 * an {@link IntervalReport}; the run's totals are only ever built by merging those reports.
 */
public final class StatsRecorder implements RequestRecorder {
    private final String runnerId;
    private final ConcurrentHashMap<EndpointKey, EndpointRecorder> endpoints = new ConcurrentHashMap<>();
    private final List<RequestListener> listeners = new CopyOnWriteArrayList<>();
    private Map<ExceptionKey, Long> exceptions = new HashMap<>();
    private final java.util.Set<String> seenExceptionMessages = new java.util.HashSet<>();
    private long sequence;
    private long intervalStartMillis;
    /** Applied to every name and message before it is counted: a platform run's secrets are masked here. */
    private final UnaryOperator<String> mask;

    public StatsRecorder(String runnerId, long startEpochMillis) {
        this(runnerId, startEpochMillis, null);
    }

    /** @param mask applied to every request name, failure and exception message before they are counted, or null */
    public StatsRecorder(String runnerId, long startEpochMillis, UnaryOperator<String> mask) {
        this.runnerId = runnerId;
        this.intervalStartMillis = startEpochMillis;
        this.mask = mask;
    }

    public void addListener(RequestListener listener) {
        listeners.add(listener);
    }

    @Override
    public void record(String type, String name, long responseTimeMicros, long contentLength, String error) {
        record(type, name, responseTimeMicros, contentLength, error, null);
    }

    @Override
    public void record(String type, String name, long responseTimeMicros, long contentLength, String error,
            RequestPhases phases) {
        if (mask != null) {
            name = mask.apply(name);
            error = mask.apply(error);
        }
        EndpointKey key = new EndpointKey(type, name);
        EndpointRecorder recorder = endpoints.get(key);
        if (recorder == null) {
            recorder = endpoints.computeIfAbsent(key, EndpointRecorder::new);
        }
        recorder.record(Math.max(0, responseTimeMicros), Math.max(0, contentLength), error, phases);
        for (RequestListener l : listeners) {
            l.onRequest(type, name, responseTimeMicros, contentLength, error, phases);
        }
    }

    /**
     * An exception thrown by scenario code, reported like Locust's exceptions table. Returns true the first time this
     * runner sees this message, so that callers log each kind of exception once rather than at request rate.
     */
    public boolean recordException(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String message = t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
        String traceback = trace.toString().strip();
        if (mask != null) {
            message = mask.apply(message);
            traceback = mask.apply(traceback);
        }
        synchronized (this) {
            exceptions.merge(new ExceptionKey(message, traceback), 1L, Long::sum);
            return seenExceptionMessages.add(message);
        }
    }

    /** Ends the current interval at {@code nowMillis} and reports it with the given user count. */
    public synchronized IntervalReport cut(long nowMillis, int users) {
        return cut(nowMillis, users, (long) users * Math.max(0, nowMillis - intervalStartMillis));
    }

    /**
     * Ends the current interval at {@code nowMillis}, reporting the users running now and the user-milliseconds
     * the interval held.
     */
    public synchronized IntervalReport cut(long nowMillis, int users, long userMillis) {
        List<EndpointInterval> intervals = new ArrayList<>(endpoints.size());
        Map<ErrorKey, Long> errors = new HashMap<>();
        for (EndpointRecorder recorder : endpoints.values()) {
            EndpointRecorder.Cut cut = recorder.cut();
            EndpointInterval interval = cut.interval();
            if (interval.requests() > 0) {
                intervals.add(interval);
            }
            cut.errors().forEach((message, n) ->
                    errors.put(new ErrorKey(interval.key().type(), interval.key().name(), message), n));
        }
        Map<ExceptionKey, Long> intervalExceptions = exceptions;
        exceptions = new HashMap<>();
        IntervalReport report = new IntervalReport(
                runnerId, sequence++, intervalStartMillis, nowMillis, users, intervals, errors, intervalExceptions,
                userMillis);
        intervalStartMillis = nowMillis;
        return report;
    }
}
