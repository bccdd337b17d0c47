package dev.barrage.runner.http;

import dev.barrage.scenario.CheckResult;
import dev.barrage.scenario.Request;
import dev.barrage.scenario.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Builds one request, sends it over the user's connection, checks and records the outcome. */
final class HttpRequestBuilder implements Request {
    private static final byte[] NO_BODY = new byte[0];

    private final UserHttpClient client;
    private final String method;
    private final String path;
    private String name;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> query = new ArrayList<>();
    private byte[] body = NO_BODY;
    private String contentType;
    private Function<Response, CheckResult> check;
    private String statType;
    private Function<Response, CheckResult> protocolCheck;
    private boolean withoutToken;

    HttpRequestBuilder(UserHttpClient client, String method, String path) {
        this.client = client;
        this.method = method;
        this.path = path;
    }

    @Override
    public Request name(String name) {
        this.name = name;
        return this;
    }

    @Override
    public Request header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    @Override
    public Request headers(Map<String, String> headers) {
        this.headers.putAll(headers);
        return this;
    }

    @Override
    public Request query(String name, Object value) {
        query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public Request body(String body, String contentType) {
        return body(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Override
    public Request body(byte[] body, String contentType) {
        this.body = body == null ? NO_BODY : body;
        this.contentType = contentType;
        return this;
    }

    @Override
    public Request json(Object value) {
        byte[] bytes = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.write(value);
        return body(bytes, "application/json");
    }

    @Override
    public Request form(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
        });
        return body(sb.toString(), "application/x-www-form-urlencoded");
    }

    @Override
    public Request check(Function<Response, CheckResult> check) {
        this.check = check;
        return this;
    }

    @Override
    public Request withoutToken() {
        this.withoutToken = true;
        return this;
    }

    /** Record under this type instead of the method (e.g. "GraphQL"). */
    HttpRequestBuilder statType(String type) {
        this.statType = type;
        return this;
    }

    /** A check that a protocol on top of HTTP makes on a successful answer, before the scenario's own check. */
    HttpRequestBuilder protocolCheck(Function<Response, CheckResult> check) {
        this.protocolCheck = check;
        return this;
    }

    @Override
    public Response send() {
        String statName = name != null ? name : path;
        String withQuery = withQuery(path);
        String target = client.plainTarget(withQuery);
        Origin origin;
        if (target != null) {
            origin = client.baseOrigin();
        } else {
            URI uri = client.resolve(withQuery);
            origin = Origin.of(uri);
            target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                target += "?" + uri.getRawQuery();
            }
        }
        byte[] head = head(target, origin);
        boolean headRequest = method.equals("HEAD");

        long start = System.nanoTime();
        RawResponse raw;
        String error = null;
        try {
            raw = client.connection(origin).exchange(head, body, headRequest);
        } catch (TargetNotAllowedException e) {
            raw = new RawResponse(0, "", Map.of(), NO_BODY);
            error = e.getMessage();
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new RequestAbandoned();
            }
            raw = new RawResponse(0, "", Map.of(), NO_BODY);
            error = describe(e);
        }
        long elapsedNanos = System.nanoTime() - start;
        HttpResponse response = new HttpResponse(raw, elapsedNanos / 1_000_000.0);

        if (error == null) {
            if (check == null && raw.status() >= 400) {
                error = "HTTP " + raw.status() + (raw.reason().isEmpty() ? "" : " " + raw.reason());
            }
            if (error == null && protocolCheck != null && raw.status() < 400) {
                error = verdict(protocolCheck, response);
            }
            if (error == null && check != null) {
                error = verdict(check, response);
            }
        }
        response.ok(error == null);
        client.recorder().record(statType != null ? statType : method, statName, elapsedNanos / 1000,
                raw.body().length, error);
        return response;
    }

    /** Null when the check passes, else its failure message. */
    private static String verdict(Function<Response, CheckResult> check, Response response) {
        CheckResult verdict;
        try {
            verdict = check.apply(response);
        } catch (RuntimeException e) {
            verdict = CheckResult.fail("check threw " + describe(e));
        }
        return verdict instanceof CheckResult.Failed failed ? failed.message() : null;
    }

    private String withQuery(String p) {
        if (query.isEmpty()) {
            return p;
        }
        return p + (p.contains("?") ? "&" : "?") + String.join("&", query);
    }

    private byte[] head(String target, Origin origin) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        sb.append(client.headerLines(origin, headers));
        boolean authorization = client.hasDefaultAuthorization()
                || headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("authorization"));
        if (!authorization && !withoutToken && client.bearerToken() != null) {
            sb.append("Authorization: Bearer ").append(client.bearerToken().get()).append("\r\n");
        }
        if (contentType != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type"))) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
