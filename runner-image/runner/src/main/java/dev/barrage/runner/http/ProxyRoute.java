package dev.barrage.runner.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * An HTTP proxy a user's requests go through: plain {@code http://} requests in absolute form
 * ({@code GET http://host/path}), {@code https://} ones in a tunnel the proxy opens on {@code CONNECT host:port}.
 *
 * @param authorization the {@code Proxy-Authorization} value (Basic, from the URL's {@code user:password@}), or null
 */
record ProxyRoute(Origin origin, String authorization) {

    static ProxyRoute parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a proxy URL: " + url + " (write http://host:port)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("a proxy is reached over http://, got " + url + " (https:// targets still go"
                    + " through it encrypted, in a CONNECT tunnel)");
        }
        if (uri.getHost() == null || uri.getPort() == -1) {
            throw new IllegalArgumentException("a proxy URL names its host and port, e.g. http://127.0.0.1:3128, got " + url);
        }
        String authorization = null;
        if (uri.getRawUserInfo() != null) {
            String credentials = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        }
        return new ProxyRoute(new Origin(false, uri.getHost(), uri.getPort()), authorization);
    }

    /** The proxy's address without the credentials, for messages. */
    @Override
    public String toString() {
        return origin.url("");
    }
}
