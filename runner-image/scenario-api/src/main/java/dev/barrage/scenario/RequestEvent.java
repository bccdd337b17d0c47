package dev.barrage.scenario;

/**
 * One recorded request or measurement, as {@link OnRequest} methods see it.
 *
 * @param type the HTTP method, or the type given to {@code measure}
 * @param error null for a success, else the failure message
 * @param timings an HTTP request's phases; null for a measurement and for a request refused before it was sent
 */
public record RequestEvent(String type, String name, double responseTimeMillis, long contentLength, String error,
        Timings timings) {

    public RequestEvent(String type, String name, double responseTimeMillis, long contentLength, String error) {
        this(type, name, responseTimeMillis, contentLength, error, null);
    }

    public boolean ok() {
        return error == null;
    }
}
