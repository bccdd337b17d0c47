package dev.barrage.scenario;

import java.util.Map;
import java.util.function.Function;

/**
 * A request being built; nothing is sent until {@link #send()}. Every sent request is recorded in the statistics
 * under its method and name (the path unless {@link #name(String)} groups it).
 */
public interface Request {
    /** Group this request in the statistics under a fixed name, e.g. {@code "/items/[id]"}. */
    Request name(String name);

    Request header(String name, String value);

    Request headers(Map<String, String> headers);

    Request query(String name, Object value);

    /** Send {@code body} as text with the given content type. */
    Request body(String body, String contentType);

    Request body(byte[] body, String contentType);

    /**
     * Send a JSON body: a {@code String} is sent as it is (it must already be JSON), anything else (records, maps,
     * lists) is serialized.
     */
    Request json(Object body);

    /** Send an {@code application/x-www-form-urlencoded} body. */
    Request form(Map<String, ?> fields);

    /** Send a {@code multipart/form-data} body: fields and file uploads (Locust's {@code files=}). */
    default Request multipart(Multipart form) {
        Multipart.Encoded encoded = form.encoded();
        return body(encoded.body(), encoded.contentType());
    }

    /**
     * Decide success or failure yourself (Locust's {@code catch_response}). Without a check, a status of 400 or above,
     * or a connection error, is a failure.
     */
    Request check(Function<Response, CheckResult> check);

    /**
     * Send this request without the scenario's {@link TokenProvider} bearer token (e.g. a public endpoint, or a test
     * of what the server answers without one).
     */
    Request withoutToken();

    /**
     * Follow redirects for this request or not, whatever the user's default. A followed redirect is recorded once,
     * under this request's name, with the time of every hop; {@link Response#url()} says where it ended.
     */
    Request followRedirects(boolean follow);

    /**
     * Read the response body off the connection and drop it instead of keeping it (Locust's {@code stream=True} left
     * unread): for large downloads whose content the scenario does not need. Its bytes are still counted in the
     * statistics, and a body of any size can be discarded; {@link Response#bytes()} and {@link Response#text()} are
     * then empty.
     */
    Request discardBody();

    /** Send, read the whole response, record it, and return it. Connection errors are recorded as failures too. */
    Response send();
}
