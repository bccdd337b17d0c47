package dev.barrage.runner.http;

/**
 * Thrown when a request is cut off because the run is stopping and the user's thread was interrupted. Such a request
 * is not recorded, like a request Locust kills at the end of a run.
 */
public final class RequestAbandoned extends RuntimeException {
    public RequestAbandoned() {
        super("request abandoned: the run is stopping", null, false, false);
    }
}
