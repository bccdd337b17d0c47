package dev.barrage.runner.http;

/** Where the client reports each completed request; implemented by the engine's statistics. */
public interface RequestRecorder {
    /**
     * @param error null for a success, else the failure message that groups it in the error report
     */
    void record(String type, String name, long responseTimeMicros, long contentLength, String error);
}
