package dev.barrage.controlplane.security;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answered as {@code application/problem+json} (RFC 9457), with a sentence a person can act on. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    private Integer retryAfterSeconds;

    /** Answers with {@code Retry-After}: the caller may try again after this many seconds (a 503 or 429). */
    public ProblemException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ProblemException with(String field, Object value) {
        extensions.put(field, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " does not exist, or is not yours");
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }
}
