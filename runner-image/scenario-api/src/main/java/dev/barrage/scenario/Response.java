package dev.barrage.scenario;

import java.util.List;
import java.util.Optional;

/** A complete HTTP response: the body has been read when a request returns. */
public interface Response {
    int status();

    /** First value of a header, compared without case. */
    Optional<String> header(String name);

    List<String> headers(String name);

    /** The body, decompressed when the server sent it gzip- or deflate-encoded. */
    byte[] bytes();

    /** The URL that gave this response: the request's own, or where its redirects ended. */
    String url();

    /** The body decoded as UTF-8 (or the charset the response names). */
    String text();

    /**
     * A value from a JSON body by JSON Pointer (RFC 6901), e.g. {@code json("/token")} or {@code json("/items/0/id")};
     * strings come back unquoted, other values as JSON text. Empty when the body is not JSON or the pointer misses.
     */
    Optional<String> json(String pointer);

    /** The JSON body mapped to a class (records, maps, lists, plain objects). */
    <T> T json(Class<T> type);

    /** Time from sending the request to the end of the body, in milliseconds. */
    double elapsedMillis();

    /**
     * Where the time went: resolving, connecting, TLS, sending, waiting for the first byte, receiving (k6's
     * {@code res.timings}), and whether the request opened a connection, e.g. for a check
     * {@code r -> r.timings().ttfbMillis() < 200 ? ok() : fail("slow first byte")}.
     */
    Timings timings();

    /** True when the request counted as a success in the statistics. */
    boolean ok();
}
