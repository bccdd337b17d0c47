package dev.barrage.runner.http;

import java.io.IOException;

/**
 * An origin offered HTTP/2: streams of an h2 connection when the host chose h2 by ALPN, else (the first request
 * learns it, its handshake counted) the client's HTTP/1.1 connection from then on.
 */
final class NegotiatedTransport implements Transport {
    private final Http2Connection http2;
    private final HttpConnection http1;
    /** False when the HTTP/2 connection is another client's (a user's, shared with its background work). */
    private final boolean ownsHttp2;
    private Transport chosen;

    NegotiatedTransport(Http2Connection http2, HttpConnection http1, boolean ownsHttp2) {
        this.http2 = http2;
        this.http1 = http1;
        this.ownsHttp2 = ownsHttp2;
        this.chosen = http2;
    }

    @Override
    public RawResponse exchange(byte[] head, byte[] body, boolean headRequest, boolean discardBody, RequestPhases phases)
            throws IOException {
        if (chosen == http2) {
            try {
                return http2.exchange(head, body, headRequest, discardBody, phases);
            } catch (Http2Connection.NotHttp2Exception e) {
                chosen = http1;
            }
        }
        return http1.exchange(head, body, headRequest, discardBody, phases);
    }

    @Override
    public void close() {
        if (ownsHttp2) {
            http2.close();
        }
        http1.close();
    }
}
