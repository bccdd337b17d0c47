package dev.barrage.protocol;

import java.util.Locale;

/**
 * The phases of an HTTP request, as k6 times them: resolving the host name, connecting, the TLS handshake, sending the
 * request, waiting for the first byte of the answer (time to first byte) and receiving the rest of it. The first
 * three are zero on a kept-alive connection.
 */
public enum Phase {
    RESOLVE, CONNECT, TLS, SEND, TTFB, RECEIVE;

    private static final Phase[] ALL = values();

    /** The phases in their order; a shared array, not to be changed. */
    public static Phase[] all() {
        return ALL;
    }

    /** The name in reports, thresholds ({@code ttfb_p95}) and on the wire. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase of that name, or null. */
    public static Phase of(String key) {
        for (Phase p : ALL) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }
}
