package dev.barrage.runner.http;

/** A request to a host and port that are not among the run's targets: refused before anything is sent. */
public final class TargetNotAllowedException extends RuntimeException {
    public static final String PREFIX = "host not allowed for this run: ";

    TargetNotAllowedException(String host) {
        super(PREFIX + host, null, false, false);
    }
}
