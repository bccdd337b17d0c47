package dev.barrage.runner.http;

import java.net.URI;
import java.util.Locale;

/** Scheme, host and port: what one connection is for. */
record Origin(boolean tls, String host, int port) {

    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http:// and https:// URLs are supported, got " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host: " + uri);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        return new Origin(tls, uri.getHost(), port);
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        boolean defaultPort = tls ? port == 443 : port == 80;
        String h = host.contains(":") ? "[" + host + "]" : host;
        return defaultPort ? h : h + ":" + port;
    }

    /** The absolute URL of a request target ({@code /path?query}) on this origin. */
    String url(String target) {
        return (tls ? "https://" : "http://") + hostHeader() + target;
    }
}
