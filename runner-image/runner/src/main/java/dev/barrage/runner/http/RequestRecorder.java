package dev.barrage.runner.http;

/** Where the client reports each completed request; implemented by the engine's statistics. */
public interface RequestRecorder {
    /**
     * @param error null for a success, else the failure message that groups it in the error report
     */
    void record(String type, String name, long responseTimeMicros, long contentLength, String error);

    /**
     * An HTTP request, with its phases ({@link RequestPhases#measured()} false when it never reached the network).
     * {@code phases} is the client's own, cleared at its next request: read it here, do not keep it.
     */
    default void record(String type, String name, long responseTimeMicros, long contentLength, String error,
            RequestPhases phases) {
        record(type, name, responseTimeMicros, contentLength, error);
    }
}
