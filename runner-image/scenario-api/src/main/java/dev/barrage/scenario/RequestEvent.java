package dev.barrage.scenario;

/**
 * One recorded request or measurement, as {@link OnRequest} methods see it.
 *
 * @param type the HTTP method, or the type given to {@code measure}
 * @param error null for a success, else the failure message
 */
public record RequestEvent(String type, String name, double responseTimeMillis, long contentLength, String error) {
    public boolean ok() {
        return error == null;
    }
}
