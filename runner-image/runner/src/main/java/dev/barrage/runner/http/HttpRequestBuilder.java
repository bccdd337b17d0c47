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
    /** As Python's requests (Locust's HttpSession) and browsers. */
    static final int MAX_REDIRECTS = 10;

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
    private Boolean followRedirects;
    private boolean discardBody;

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

    @Override
    public Request followRedirects(boolean follow) {
        this.followRedirects = follow;
        return this;
    }

    @Override
    public Request discardBody() {
        this.discardBody = true;
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
        RequestsInFlight.begin();
        try {
            return sendAndRecord();
        } finally {
            RequestsInFlight.end();
        }
    }

    private Response sendAndRecord() {
        String statName = name != null ? name : path;
        String withQuery = withQuery(path);
        String target = client.plainTarget(withQuery);
        Origin origin = client.baseOrigin();
        if (target == null) {
            URI uri = client.resolve(withQuery);
            origin = client.originFor(uri);
            target = target(uri);
        }
        boolean follow = followRedirects != null ? followRedirects : client.followsRedirects();
        Hop hop = new Hop(method, body, contentType, true, origin, target);
        RequestPhases phases = client.phases();
        phases.clear();

        long start = System.nanoTime();
        RawResponse raw;
        long wireBytes = 0;
        String error = null;
        for (int redirects = 0; ; redirects++) {
            origin = hop.origin;
            target = hop.target;
            byte[] head = head(hop, target, origin);
            try {
                raw = client.connection(origin).exchange(head, hop.body, hop.method.equals("HEAD"), discardBody, phases);
            } catch (TargetNotAllowedException e) {
                raw = new RawResponse(0, "", Map.of(), NO_BODY);
                error = e.getMessage();
                break;
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new RequestAbandoned();
                }
                raw = new RawResponse(0, "", Map.of(), NO_BODY);
                error = describe(e);
                break;
            }
            wireBytes += raw.wireBytes();
            List<String> setCookies = raw.headers().get("set-cookie");
            if (setCookies != null) {
                client.cookies().store(origin, target, setCookies);
            }
            if (!follow || !isRedirect(raw.status()) || raw.firstHeader("location") == null) {
                break;
            }
            if (redirects == MAX_REDIRECTS) {
                error = "more than " + MAX_REDIRECTS + " redirects";
                break;
            }
            try {
                hop = nextHop(hop, raw);
            } catch (RuntimeException e) {
                error = "cannot follow redirect to " + raw.firstHeader("location") + ": " + describe(e);
                break;
            }
        }
        if (error == null && !discardBody && raw.firstHeader("content-encoding") != null) {
            try {
                raw = decoded(raw);
            } catch (IOException e) {
                error = "cannot decode the " + raw.firstHeader("content-encoding") + " body: " + describe(e);
            }
        }
        long elapsedNanos = System.nanoTime() - start;
        HttpResponse response = new HttpResponse(raw, elapsedNanos / 1_000_000.0, origin, target, phases);

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
        client.recorder().record(statType != null ? statType : method, statName, elapsedNanos / 1000, wireBytes, error,
                phases);
        return response;
    }

    /** The hop to a redirect's Location, resolved against the URL that received it; its origin passes the client's rules. */
    private Hop nextHop(Hop hop, RawResponse redirect) {
        URI next = URI.create(hop.origin.url(hop.target)).resolve(redirect.firstHeader("location").trim());
        Origin nextOrigin = client.originFor(next);
        boolean crossOrigin = hop.crossOrigin || !nextOrigin.equals(hop.origin);
        boolean keep = redirect.status() == 307 || redirect.status() == 308 || hop.method.equals("HEAD")
                || hop.method.equals("GET");
        return keep
                ? new Hop(hop.method, hop.body, hop.contentType, hop.authorization && !crossOrigin, nextOrigin, target(next), crossOrigin)
                : new Hop("GET", NO_BODY, null, hop.authorization && !crossOrigin, nextOrigin, target(next), crossOrigin);
    }

    private static RawResponse decoded(RawResponse raw) throws IOException {
        byte[] decoded = ContentDecoding.decode(raw.firstHeader("content-encoding"), raw.body());
        return decoded == raw.body() ? raw : new RawResponse(raw.status(), raw.reason(), raw.headers(), decoded, raw.wireBytes());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String target(URI uri) {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? target : target + "?" + uri.getRawQuery();
    }

    /**
     * What one hop of a request sends: the request itself first; after a redirect, a GET without a body for 301, 302
     * and 303 (HEAD stays HEAD), the same method and body for 307 and 308, and no Authorization once the chain left
     * the origin it started at.
     */
    private record Hop(String method, byte[] body, String contentType, boolean authorization, Origin origin,
            String target, boolean crossOrigin) {
        Hop(String method, byte[] body, String contentType, boolean authorization, Origin origin, String target) {
            this(method, body, contentType, authorization, origin, target, false);
        }
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

    private byte[] head(Hop hop, String target, Origin origin) {
        StringBuilder sb = new StringBuilder(160);
        ProxyRoute proxy = client.absoluteFormProxy(origin);
        sb.append(hop.method).append(' ').append(proxy == null ? target : origin.url(target)).append(" HTTP/1.1\r\n");
        if (proxy != null && proxy.authorization() != null) {
            sb.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        boolean bodyDropped = hop.body != body;
        Map<String, String> own = bodyDropped ? withoutBodyHeaders(headers) : headers;
        sb.append(hop.authorization ? client.headerLines(origin, own) : client.headerLinesWithoutAuthorization(origin, own));
        boolean authorization = client.hasDefaultAuthorization() || has(own, "authorization");
        if (hop.authorization && !authorization && !withoutToken && client.bearerToken() != null) {
            sb.append("Authorization: Bearer ").append(client.bearerToken().get()).append("\r\n");
        }
        if (!has(own, "cookie")) {
            String cookies = client.cookies().header(origin, target);
            if (cookies != null) {
                sb.append("Cookie: ").append(cookies).append("\r\n");
            }
        }
        if (hop.contentType != null && !has(own, "content-type")) {
            sb.append("Content-Type: ").append(hop.contentType).append("\r\n");
        }
        String m = hop.method;
        if (hop.body.length > 0 || m.equals("POST") || m.equals("PUT") || m.equals("PATCH")) {
            sb.append("Content-Length: ").append(hop.body.length).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean has(Map<String, String> headers, String name) {
        if (headers.isEmpty()) {
            return false;
        }
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> withoutBodyHeaders(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(k -> k.equalsIgnoreCase("content-type") || k.equalsIgnoreCase("content-encoding"));
        return kept;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
