package dev.barrage.runner.cloud;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The control plane refused a call (its problem+json detail is the message) or could not be reached ({@code status}
 * 0).
 */
public final class CloudException extends Exception {
    private final int status;
    private final String title;
    private final transient JsonNode problem;

    public CloudException(int status, String title, String detail, JsonNode problem) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem+json body, or null. */
    public JsonNode problem() {
        return problem;
    }
}
