package dev.barrage.runner.http;

import dev.barrage.scenario.Http;
import dev.barrage.scenario.Request;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP client of one virtual user: default headers and one keep-alive connection per origin. */
public final class UserHttpClient implements Http, AutoCloseable {
    public static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** From the first byte of a request sent to the last byte of its response read, as k6's default timeout. */
    public static final int RESPONSE_TIMEOUT_MILLIS = 60_000;

    private final URI base;
    private final RequestRecorder recorder;
    private final Map<Origin, HttpConnection> connections = new HashMap<>(2);
    final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;

    /** @param base the run's host, e.g. {@code http://127.0.0.1:8099}, possibly with a base path */
    public UserHttpClient(URI base, RequestRecorder recorder) {
        this(base, recorder, CONNECT_TIMEOUT_MILLIS, RESPONSE_TIMEOUT_MILLIS);
    }

    UserHttpClient(URI base, RequestRecorder recorder, int connectTimeoutMillis, int responseTimeoutMillis) {
        this.base = base;
        this.recorder = recorder;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.responseTimeoutMillis = responseTimeoutMillis;
        Origin.of(base); // refuse a bad host before the first request
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
        return this;
    }

    @Override
    public dev.barrage.scenario.GraphQl graphql(String path, String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("a GraphQL request needs a query");
        }
        return new GraphQlRequest(new HttpRequestBuilder(this, "POST", path), query);
    }

    /** The default headers set so far, for a client that works beside this one. */
    public Map<String, String> defaultHeaders() {
        return Map.copyOf(defaultHeaders);
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

    HttpConnection connection(Origin origin) {
        return connections.computeIfAbsent(
                origin, o -> new HttpConnection(o, connectTimeoutMillis, responseTimeoutMillis));
    }

    RequestRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        connections.values().forEach(HttpConnection::close);
        connections.clear();
    }
}
