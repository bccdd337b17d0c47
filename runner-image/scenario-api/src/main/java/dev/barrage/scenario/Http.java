package dev.barrage.scenario;

/**
 * The HTTP client of one virtual user. It keeps one keep-alive connection per host, like a browser tab or Locust's
 * per-user session, and sends relative paths to the run's host ({@code -H}). Like Locust's session it keeps cookies,
 * follows redirects and asks for compressed bodies without a line of code.
 */
public interface Http {
    Request get(String path);

    Request post(String path);

    Request put(String path);

    Request patch(String path);

    Request delete(String path);

    Request head(String path);

    Request request(String method, String path);

    /** A GraphQL query or mutation, POSTed to {@code path} (e.g. {@code "/graphql"}). */
    GraphQl graphql(String path, String query);

    /** Headers sent with every request of this user from now on, e.g. an {@code Authorization} header. */
    Http defaultHeader(String name, String value);

    /** This user's cookie jar: read, set or clear cookies. */
    Cookies cookies();

    /**
     * Whether requests follow redirects unless a request says otherwise (on by default, as in Locust): 301, 302 and
     * 303 are followed with a GET, 307 and 308 with the same method and body, at most 10 in a row.
     */
    Http followRedirects(boolean follow);

    /** TLS settings for the connections this user opens from now on, e.g. a CA to trust or a client certificate. */
    Http tls(Tls tls);

    /**
     * Send this user's requests through an HTTP proxy from now on (Locust's {@code proxies=}), e.g.
     * {@code "http://127.0.0.1:3128"} or {@code "http://user:secret@proxy.example:3128"} (Basic proxy
     * authentication); null to connect directly again. {@code http://} requests go to the proxy in absolute form,
     * {@code https://} ones through a tunnel it opens on {@code CONNECT}, so TLS still runs end to end.
     */
    Http proxy(String url);

    /**
     * Offer HTTP/2 to https hosts by ALPN on this user's connections from now on; each host's answer decides (h2: the
     * user's requests to it are streams of one connection; http/1.1: the HTTP/1.1 client, for every user from then
     * on). Off by default: HTTP/1.1 is the faster path for a load generator. Through a {@link #proxy}, HTTP/1.1.
     */
    Http http2(boolean offer);

    /**
     * Speak HTTP/2 in clear text ({@code h2c}) to http:// hosts from now on, with prior knowledge (no upgrade): for
     * servers known to speak it, such as nginx's {@code listen ... http2} without {@code ssl}.
     */
    Http h2c(boolean priorKnowledge);
}
