package dev.barrage.runner.http;

import dev.barrage.scenario.Http;
import dev.barrage.scenario.Request;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP client of one virtual user: default headers, a cookie jar, redirects followed, and one keep-alive
 * connection per origin.
 */
public final class UserHttpClient implements Http, AutoCloseable {
    public static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** From the first byte of a request sent to the last byte of its response read, as k6's default timeout. */
    public static final int RESPONSE_TIMEOUT_MILLIS = 60_000;

    private final URI base;
    private final RequestRecorder recorder;
    private final Map<Origin, Transport> connections = new HashMap<>(2);
    final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;
    private final Origin baseOrigin;
    private final TargetAllowList allowList;
    /** The base URL's path without a trailing slash, e.g. "" or "/api". */
    private final String basePath;
    private Origin lastOrigin;
    private Transport lastConnection;
    private Origin commonLinesOrigin;
    private String commonLines;
    private final UserCookies cookies;
    /** The phases of the request under way: one user sends one request at a time. */
    private final RequestPhases phases = new RequestPhases();
    private boolean followRedirects = true;
    private TlsSockets tls = TlsSockets.DEFAULT;
    /** The HTTP proxy requests go through, or null. */
    private ProxyRoute proxy;
    /** Offer h2 by ALPN to https origins. */
    private boolean http2;
    /** Speak h2 with prior knowledge to http origins. */
    private boolean h2c;
    /** This user's HTTP/2 connections by origin, shared with its background work (safe for several threads). */
    private Map<Origin, Http2Connection> http2Connections = new java.util.concurrent.ConcurrentHashMap<>();
    /** The user whose HTTP/2 connections this client (its background work) uses; null when they are its own. */
    private UserHttpClient http2Owner;
    /** The shared HTTP/2 connections this client opened (a closed one opens again at its next request). */
    private final List<Http2Connection> createdHere = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The scenario's shared bearer token (blocks while none is valid), or null without a token provider. */
    private java.util.function.Supplier<String> bearerToken;

    /** @param base the run's host, e.g. {@code http://127.0.0.1:8099}, possibly with a base path */
    public UserHttpClient(URI base, RequestRecorder recorder) {
        this(base, recorder, TargetAllowList.anywhere());
    }

    /** @param allowList where requests may go; any other host and port fails before anything is sent */
    public UserHttpClient(URI base, RequestRecorder recorder, TargetAllowList allowList) {
        this(base, recorder, CONNECT_TIMEOUT_MILLIS, RESPONSE_TIMEOUT_MILLIS, allowList);
    }

    UserHttpClient(URI base, RequestRecorder recorder, int connectTimeoutMillis, int responseTimeoutMillis) {
        this(base, recorder, connectTimeoutMillis, responseTimeoutMillis, TargetAllowList.anywhere());
    }

    UserHttpClient(URI base, RequestRecorder recorder, int connectTimeoutMillis, int responseTimeoutMillis,
            TargetAllowList allowList) {
        this.allowList = allowList;
        this.base = base;
        this.recorder = recorder;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.responseTimeoutMillis = responseTimeoutMillis;
        this.baseOrigin = Origin.of(base); // refuses a bad host before the first request
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.cookies = new UserCookies(baseOrigin, this);
    }

    @Override
    public Request get(String path) {
        return request("GET", path);
    }

    @Override
    public Request post(String path) {
        return request("POST", path);
    }

    @Override
    public Request put(String path) {
        return request("PUT", path);
    }

    @Override
    public Request patch(String path) {
        return request("PATCH", path);
    }

    @Override
    public Request delete(String path) {
        return request("DELETE", path);
    }

    @Override
    public Request head(String path) {
        return request("HEAD", path);
    }

    @Override
    public Request request(String method, String path) {
        if (method == null || method.isBlank() || path == null) {
            throw new IllegalArgumentException("a request needs a method and a path");
        }
        return new HttpRequestBuilder(this, method.trim().toUpperCase(java.util.Locale.ROOT), path);
    }

    @Override
    public Http defaultHeader(String name, String value) {
        if (value == null) {
            defaultHeaders.remove(name);
        } else {
            defaultHeaders.put(name, value);
        }
        commonLines = null;
        return this;
    }

    @Override
    public UserCookies cookies() {
        return cookies;
    }

    @Override
    public Http followRedirects(boolean follow) {
        this.followRedirects = follow;
        return this;
    }

    boolean followsRedirects() {
        return followRedirects;
    }

    @Override
    public Http tls(dev.barrage.scenario.Tls settings) {
        TlsSockets next = TlsSockets.of(settings);
        if (next != tls) {
            tls = next;
            close(); // connections open with the old settings would go on using them
        }
        return this;
    }

    @Override
    public UserHttpClient proxy(String url) {
        ProxyRoute next = url == null ? null : ProxyRoute.parse(url);
        if (!java.util.Objects.equals(next, proxy)) {
            proxy = next;
            close(); // connections open without the proxy (or through another) would go on so
        }
        return this;
    }

    @Override
    public UserHttpClient http2(boolean offer) {
        if (offer != http2) {
            http2 = offer;
            close();
        }
        return this;
    }

    @Override
    public UserHttpClient h2c(boolean priorKnowledge) {
        if (priorKnowledge != h2c) {
            h2c = priorKnowledge;
            close();
        }
        return this;
    }

    /** The proxy, when a request to {@code origin} goes to it in absolute form (plain http through a proxy); else null. */
    ProxyRoute absoluteFormProxy(Origin origin) {
        return proxy != null && !origin.tls() ? proxy : null;
    }

    /**
     * The origin a request goes to when it is not the base origin: an absolute URL, and every redirect hop (the
     * Location of a 3xx answer, resolved against the URL that received it). Each hop of a redirect chain passes here
     * before anything is sent to it.
     */
    Origin originFor(URI uri) {
        return Origin.of(uri);
    }

    @Override
    public dev.barrage.scenario.GraphQl graphql(String path, String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("a GraphQL request needs a query");
        }
        return new GraphQlRequest(new HttpRequestBuilder(this, "POST", path), query);
    }

    /**
     * Adds {@code Authorization: Bearer <token>} to every request that has no Authorization header of its own and did
     * not opt out; {@code token} is asked at each request, before its time starts.
     */
    public UserHttpClient bearerToken(java.util.function.Supplier<String> token) {
        this.bearerToken = token;
        return this;
    }

    java.util.function.Supplier<String> bearerToken() {
        return bearerToken;
    }

    /** The default headers set so far, for a client that works beside this one. */
    public Map<String, String> defaultHeaders() {
        return Map.copyOf(defaultHeaders);
    }

    /**
     * The request target for a relative path that needs no parsing (the usual case: {@code /items?id=3}), with the
     * base URL's path in front; null when the path must go through {@link #resolve} (absolute URLs, fragments,
     * characters a URI does not allow as they are).
     */
    String plainTarget(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return null;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
            if (!plain) {
                if (c != '%' || i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return null;
                }
            }
        }
        String rel = path.startsWith("/") ? path : "/" + path;
        return basePath.isEmpty() ? rel : basePath + rel;
    }

    Origin baseOrigin() {
        return baseOrigin;
    }

    /**
     * Host, the default headers (those the request sets itself left out), the request's own headers, and User-Agent
     * and Accept unless set. Without headers of the request's own the lines are the same for every request to an
     * origin, so they are built once (again when a default header changes).
     */
    String headerLines(Origin origin, Map<String, String> requestHeaders) {
        if (!requestHeaders.isEmpty()) {
            return buildHeaderLines(origin, requestHeaders, true);
        }
        if (!origin.equals(commonLinesOrigin) || commonLines == null) {
            commonLines = buildHeaderLines(origin, Map.of(), true);
            commonLinesOrigin = origin;
        }
        return commonLines;
    }

    /** The header lines for a redirect hop to another origin: as {@link #headerLines}, without any Authorization. */
    String headerLinesWithoutAuthorization(Origin origin, Map<String, String> requestHeaders) {
        return buildHeaderLines(origin, requestHeaders, false);
    }

    /** True when a default header sets Authorization (then the token provider's bearer token is not added). */
    boolean hasDefaultAuthorization() {
        for (String name : defaultHeaders.keySet()) {
            if (name.equalsIgnoreCase("authorization")) {
                return true;
            }
        }
        return false;
    }

    private String buildHeaderLines(Origin origin, Map<String, String> requestHeaders, boolean authorization) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("Host: ").append(origin.hostHeader()).append("\r\n");
        boolean userAgent = false;
        boolean accept = false;
        boolean acceptEncoding = false;
        for (Map<String, String> source : List.of(defaultHeaders, requestHeaders)) {
            for (Map.Entry<String, String> h : source.entrySet()) {
                String lower = h.getKey().toLowerCase(Locale.ROOT);
                if (lower.equals("host") || lower.equals("content-length")
                        || (!authorization && lower.equals("authorization"))) {
                    continue;
                }
                if (source == defaultHeaders && requestHeaders.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(lower))) {
                    continue;
                }
                userAgent |= lower.equals("user-agent");
                accept |= lower.equals("accept");
                acceptEncoding |= lower.equals("accept-encoding");
                sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        if (!userAgent) {
            sb.append("User-Agent: barrage/0.1\r\n");
        }
        if (!accept) {
            sb.append("Accept: */*\r\n");
        }
        if (!acceptEncoding) {
            sb.append("Accept-Encoding: ").append(ContentDecoding.ACCEPTED).append("\r\n");
        }
        return sb.toString();
    }

    URI resolve(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String rel = path.startsWith("/") ? path : "/" + path;
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + rel);
    }

    /**
     * The only way to a connection, so the only place where a run's targets are enforced: every request, and every
     * hop of a redirect once they are followed, must get its connection here.
     */
    Transport connection(Origin origin) {
        if (origin.equals(lastOrigin)) {
            return lastConnection;
        }
        allowList.check(origin);
        if (proxy != null) {
            allowList.check(proxy.origin()); // the connection goes to the proxy: it must be one of the run's targets too
        }
        Transport c = connections.computeIfAbsent(origin, this::newTransport);
        lastOrigin = origin;
        lastConnection = c;
        return c;
    }

    /**
     * HTTP/1.1 unless this user turned HTTP/2 on: h2 offered by ALPN to an https origin (which keeps HTTP/1.1 when it
     * chose so before), h2c with prior knowledge to an http one. Through a proxy, always HTTP/1.1.
     */
    private Transport newTransport(Origin o) {
        HttpConnection http1 = new HttpConnection(o, connectTimeoutMillis, responseTimeoutMillis, tls, proxy);
        if (proxy != null) {
            return http1;
        }
        if (o.tls() && http2 && Http2Connection.mayOffer(o)) {
            return new NegotiatedTransport(http2Connection(o, tls), http1, http2Owner == null);
        }
        if (!o.tls() && h2c) {
            Http2Connection c = http2Connection(o, null);
            return http2Owner == null ? c : new NegotiatedTransport(c, http1, false);
        }
        return http1;
    }

    /** This user's HTTP/2 connection to {@code o}: one for the user and its background work, whose streams share it. */
    private Http2Connection http2Connection(Origin o, TlsSockets settings) {
        return http2Connections.computeIfAbsent(o, k -> {
            Http2Connection c = new Http2Connection(k, connectTimeoutMillis, responseTimeoutMillis, settings);
            createdHere.add(c);
            return c;
        });
    }

    /**
     * Makes this client (a user's background work) speak HTTP/2 as {@code user} does, over {@code user}'s HTTP/2
     * connections: its requests are more streams of them, multiplexed with the user's own, as a browser tab's are.
     * The user's client closes them; this one only those it opened itself (one closed under a client opens again at its
     * next request).
     */
    public UserHttpClient sharingHttp2With(UserHttpClient user) {
        this.http2 = user.http2;
        this.h2c = user.h2c;
        this.tls = user.tls;
        this.proxy = user.proxy;
        this.http2Owner = user;
        this.http2Connections = user.http2Connections;
        return this;
    }

    RequestPhases phases() {
        return phases;
    }

    RequestRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        connections.values().forEach(Transport::close);
        connections.clear();
        if (http2Owner == null) {
            http2Connections.values().forEach(Http2Connection::close);
            http2Connections.clear();
        } else {
            createdHere.forEach(Http2Connection::close); // e.g. after the user had closed its own
        }
        createdHere.clear();
        lastOrigin = null;
        lastConnection = null;
    }
}
