package dev.barrage.runner.http;

import java.io.IOException;

/** How one hop of a request reaches its origin: an HTTP/1.1 connection, or a stream of an HTTP/2 one. */
interface Transport extends AutoCloseable {
    /**
     * Sends one request (its HTTP/1.1 head and body) and reads the whole response, timing it into {@code phases}.
     *
     * @param discardBody read the body and drop it, keeping only its length
     */
    RawResponse exchange(byte[] head, byte[] body, boolean headRequest, boolean discardBody, RequestPhases phases)
            throws IOException;

    @Override
    void close();
}
