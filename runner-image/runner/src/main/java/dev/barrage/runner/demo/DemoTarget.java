package dev.barrage.runner.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small service to point load at, so the quickstart and the tests need nothing else. It counts every request it
 * receives per route on its own side ({@code GET /admin/counts}), which tests compare with the runner's counts.
 */
public final class DemoTarget implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = """
            Barrage demo target. Endpoints:
              GET  /fast                 small text answer
              GET  /slow?ms=200          answers after a delay (default 200 ms, at most 10 s)
              GET  /flaky?rate=0.2       fails with HTTP 500 at the given rate (seeded, repeatable)
              GET  /items/{id}           JSON item; 404 unless id is a number
              POST /login                JSON {"username": ...} -> {"token": ...}
              POST /cart                 needs "Authorization: Bearer <token>"; 201 with JSON
              GET  /latency              sleeps a seeded random time, uniform in [minMs, maxMs]
              POST /graphql              GraphQL: query item(id: Int) { id name price }; an unknown id answers
                                         200 with {"errors":[{"message":"no item <id>"}]}
              POST /jobs?ms=300          starts a job that takes ms; 202 {"id": ...}
              GET  /jobs/{id}            {"id": ..., "status": "running"|"done"}
              GET  /capacity?slots=5&ms=40   at most `slots` requests served at once, each taking ms; the rest
                                         queue (fair): the target saturates at slots / ms requests per ms
              GET  /degrade?failAfterMs=N    200 until N ms after its first request since a reset, then 500
              GET  /drift?baseMs=10&growMsPerS=10   sleeps base + grow x seconds since its first request
              POST /auth/token?ttlMs=2000&failEvery=0
                                         {"access_token", "token_type", "expires_in"}: a token valid for ttlMs;
                                         with failEvery=k every k-th request answers 503 instead
              GET  /auth/protected       200 with a token from /auth/token still valid, else 401
              GET  /admin/counts         requests received per route (admin routes not counted);
                                         ?by=status counts responses per route and status
              POST /admin/reset          sets the counts to zero
            """;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> statusCounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> sessions = new ConcurrentHashMap<>();
    /** Requests carrying this header are grouped into sessions, e.g. one per virtual user. */
    public static final String SESSION_HEADER = "X-Demo-Session";
    private final SplittableRandom flakyRandom;
    private final SplittableRandom latencyRandom;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong jobIds = new AtomicLong();
    private final ConcurrentHashMap<Long, Long> jobDoneAtNanos = new ConcurrentHashMap<>();
    private final int latencyMinMs;
    private final int latencyMaxMs;
    /** One fair semaphore per slot count asked for by /capacity. */
    private final ConcurrentHashMap<Integer, java.util.concurrent.Semaphore> capacity = new ConcurrentHashMap<>();
    /** When /degrade and /drift were first asked since the last reset (epoch ms; 0: not yet). */
    private final AtomicLong degradeStart = new AtomicLong();
    private final AtomicLong driftStart = new AtomicLong();

    private DemoTarget(HttpServer server, long seed, int latencyMinMs, int latencyMaxMs) {
        this.server = server;
        this.flakyRandom = new SplittableRandom(seed);
        this.latencyRandom = new SplittableRandom(seed + 1);
        this.latencyMinMs = latencyMinMs;
        this.latencyMaxMs = latencyMaxMs;
    }

    /** Starts on 127.0.0.1; port 0 picks a free port. */
    public static DemoTarget start(int port) throws IOException {
        return start("127.0.0.1", port, 42, 5, 50);
    }

    public static DemoTarget start(String bindAddress, int port, long seed, int latencyMinMs, int latencyMaxMs)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 1024);
        DemoTarget target = new DemoTarget(server, seed, latencyMinMs, latencyMaxMs);
        server.createContext("/", target::handle);
        server.setExecutor(target.executor);
        server.start();
        return target;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Requests received per route, e.g. {@code "GET /items/{id}" -> 120}. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Responses sent per route and status, e.g. {@code "GET /flaky 500" -> 7}. */
    public Map<String, Long> statusCounts() {
        Map<String, Long> out = new TreeMap<>();
        statusCounts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * For each value of {@link #SESSION_HEADER} seen, the epoch milliseconds of its first and last request (the user
     * curve as the target saw it) and how many requests carried it.
     */
    public Map<String, long[]> sessions() {
        return Map.copyOf(sessions);
    }

    /** When {@code /degrade} was first asked since the last reset, in epoch milliseconds (0: not yet). */
    public long degradeStartMillis() {
        return degradeStart.get();
    }

    /** When {@code /drift} was first asked since the last reset, in epoch milliseconds (0: not yet). */
    public long driftStartMillis() {
        return driftStart.get();
    }

    public void resetCounts() {
        degradeStart.set(0);
        driftStart.set(0);
        sessions.clear();
        counts.clear();
        statusCounts.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String key = path.startsWith("/admin/") ? null : method + " " + route(path);
        try (ex) {
            byte[] body = readBody(ex.getRequestBody());
            if (key == null) {
                admin(ex, method, path);
                return;
            }
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
            String session = ex.getRequestHeaders().getFirst(SESSION_HEADER);
            if (session != null) {
                long now = System.currentTimeMillis();
                sessions.merge(session, new long[] {now, now, 1},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
            }
            switch (key) {
                case "GET /" -> send(ex, key, 200, "text/plain", INDEX);
                case "GET /fast" -> send(ex, key, 200, "text/plain", "ok\n");
                case "GET /slow" -> {
                    int ms = Math.min(10_000, Math.max(0, intParam(ex, "ms", 200)));
                    sleep(ms);
                    send(ex, key, 200, "text/plain", "slept " + ms + " ms\n");
                }
                case "GET /capacity" -> {
                    int slots = Math.min(1000, Math.max(1, intParam(ex, "slots", 5)));
                    int ms = Math.min(10_000, Math.max(0, intParam(ex, "ms", 40)));
                    java.util.concurrent.Semaphore s = capacity.computeIfAbsent(slots,
                            k -> new java.util.concurrent.Semaphore(k, true));
                    s.acquireUninterruptibly();
                    try {
                        sleep(ms);
                    } finally {
                        s.release();
                    }
                    send(ex, key, 200, "text/plain", "served in a slot of " + slots + "\n");
                }
                case "GET /degrade" -> {
                    long now = System.currentTimeMillis();
                    degradeStart.compareAndSet(0, now);
                    long after = Math.max(0, intParam(ex, "failAfterMs", 5000));
                    if (now - degradeStart.get() >= after) {
                        send(ex, key, 500, "text/plain", "degraded\n");
                    } else {
                        send(ex, key, 200, "text/plain", "ok\n");
                    }
                }
                case "GET /drift" -> {
                    long now = System.currentTimeMillis();
                    driftStart.compareAndSet(0, now);
                    double ms = Math.max(0, doubleParam(ex, "baseMs", 10))
                            + Math.max(0, doubleParam(ex, "growMsPerS", 10)) * (now - driftStart.get()) / 1000.0;
                    sleep((int) Math.min(10_000, Math.round(ms)));
                    send(ex, key, 200, "text/plain", "slept " + Math.round(ms) + " ms\n");
                }
                case "GET /flaky" -> {
                    double rate = doubleParam(ex, "rate", 0.2);
                    boolean fail;
                    synchronized (flakyRandom) {
                        fail = flakyRandom.nextDouble() < rate;
                    }
                    if (fail) {
                        send(ex, key, 500, "text/plain", "injected failure\n");
                    } else {
                        send(ex, key, 200, "text/plain", "ok\n");
                    }
                }
                case "GET /latency" -> {
                    int ms;
                    synchronized (latencyRandom) {
                        ms = latencyMinMs + latencyRandom.nextInt(latencyMaxMs - latencyMinMs + 1);
                    }
                    sleep(ms);
                    send(ex, key, 200, "text/plain", "slept " + ms + " ms\n");
                }
                case "GET /items/{id}" -> {
                    String id = path.substring("/items/".length());
                    if (!id.matches("\\d{1,9}")) {
                        send(ex, key, 404, "application/json", "{\"error\":\"no such item\"}");
                    } else {
                        long n = Long.parseLong(id);
                        send(ex, key, 200, "application/json",
                                JSON.writeValueAsString(Map.of("id", n, "name", "item-" + n, "price", (n % 100) + 0.99)));
                    }
                }
                case "POST /login" -> {
                    JsonNode json = parse(body);
                    if (json == null || !json.hasNonNull("username")) {
                        send(ex, key, 400, "application/json", "{\"error\":\"username required\"}");
                    } else {
                        String token = "tok-" + json.get("username").asText() + "-" + tokens.incrementAndGet();
                        send(ex, key, 200, "application/json", JSON.writeValueAsString(Map.of("token", token)));
                    }
                }
                case "POST /cart" -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    if (auth == null || !auth.startsWith("Bearer tok-")) {
                        send(ex, key, 401, "application/json", "{\"error\":\"login first\"}");
                    } else {
                        send(ex, key, 201, "application/json", "{\"cart\":\"created\"}");
                    }
                }
                case "POST /graphql" -> graphql(ex, key, parse(body));
                case "POST /auth/token", "GET /auth/protected" -> auth(ex, key);
                case "POST /jobs" -> {
                    long id = jobIds.incrementAndGet();
                    int ms = Math.min(60_000, Math.max(0, intParam(ex, "ms", 300)));
                    jobDoneAtNanos.put(id, System.nanoTime() + ms * 1_000_000L);
                    send(ex, key, 202, "application/json", JSON.writeValueAsString(Map.of("id", id)));
                }
                case "GET /jobs/{id}" -> {
                    String id = path.substring("/jobs/".length());
                    Long doneAt = id.matches("\\d{1,18}") ? jobDoneAtNanos.get(Long.parseLong(id)) : null;
                    if (doneAt == null) {
                        send(ex, key, 404, "application/json", "{\"error\":\"no such job\"}");
                    } else {
                        String status = System.nanoTime() >= doneAt ? "done" : "running";
                        send(ex, key + " " + status, 200, "application/json",
                                JSON.writeValueAsString(Map.of("id", Long.parseLong(id), "status", status)));
                    }
                }
                default -> send(ex, key, 404, "text/plain", "not found: " + method + " " + path + "\n");
            }
        } catch (RuntimeException e) {
            send(ex, key, 500, "text/plain", "demo target error: " + e + "\n");
        }
    }

    private void admin(HttpExchange ex, String method, String path) throws IOException {
        if (method.equals("GET") && path.equals("/admin/counts")) {
            boolean byStatus = "status".equals(param(ex, "by"));
            send(ex, null, 200, "application/json", JSON.writeValueAsString(byStatus ? statusCounts() : counts()));
        } else if (method.equals("POST") && path.equals("/admin/reset")) {
            resetCounts();
            send(ex, null, 204, null, "");
        } else {
            send(ex, null, 404, "text/plain", "not found\n");
        }
    }

    // Short-lived bearer tokens, for the scenario API's TokenProvider: issued tokens and when they expire.
    private final ConcurrentHashMap<String, Long> accessTokenExpiry = new ConcurrentHashMap<>();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong accessTokens = new AtomicLong();

    /** Access tokens issued by {@code POST /auth/token} since the start (not reset with the counts). */
    public long issuedAccessTokens() {
        return accessTokens.get();
    }

    private void auth(HttpExchange ex, String key) throws IOException {
        long now = System.nanoTime();
        if (key.equals("POST /auth/token")) {
            int failEvery = Math.max(0, intParam(ex, "failEvery", 0));
            if (failEvery > 0 && tokenRequests.incrementAndGet() % failEvery == 0) {
                send(ex, key, 503, "application/json", "{\"error\":\"token service unavailable (injected)\"}");
                return;
            }
            int ttlMs = Math.min(3_600_000, Math.max(1, intParam(ex, "ttlMs", 2000)));
            String token = "at-" + accessTokens.incrementAndGet() + "-" + Long.toHexString(tokenSuffix());
            accessTokenExpiry.put(token, now + ttlMs * 1_000_000L);
            accessTokenExpiry.values().removeIf(expiry -> expiry < now - 60_000_000_000L);
            send(ex, key, 200, "application/json", JSON.writeValueAsString(
                    Map.of("access_token", token, "token_type", "Bearer", "expires_in", ttlMs / 1000.0)));
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Long expiry = auth == null || !auth.startsWith("Bearer ") ? null : accessTokenExpiry.get(auth.substring(7));
        if (expiry == null) {
            send(ex, key, 401, "application/json", "{\"error\":\"unknown token\"}");
        } else if (now >= expiry) {
            send(ex, key, 401, "application/json", "{\"error\":\"expired token\"}");
        } else {
            send(ex, key, 200, "application/json", "{\"ok\":true}");
        }
    }

    private long tokenSuffix() {
        synchronized (tokens) {
            return tokenRandom.nextLong();
        }
    }

    private final SplittableRandom tokenRandom = new SplittableRandom(7);

    private static String route(String path) {
        if (path.startsWith("/items/")) {
            return "/items/{id}";
        }
        if (path.startsWith("/jobs/")) {
            return "/jobs/{id}";
        }
        return path;
    }

    /**
     * A tiny GraphQL endpoint: any query naming {@code item} with an {@code id} variable answers that item. GraphQL
     * reports errors in the body of a 200, counted here as route {@code POST /graphql errors}.
     */
    private void graphql(HttpExchange ex, String key, JsonNode request) throws IOException {
        if (request == null || !request.path("query").isTextual()) {
            send(ex, key, 400, "application/json", "{\"errors\":[{\"message\":\"a JSON body with a query is required\"}]}");
            return;
        }
        JsonNode id = request.path("variables").path("id");
        if (!request.get("query").asText().contains("item") || !id.canConvertToLong() || id.asLong() < 1 || id.asLong() > 1000) {
            String message = id.isMissingNode() ? "variable id is required" : "no item " + id.asText();
            send(ex, key + " errors", 200, "application/json",
                    JSON.writeValueAsString(Map.of("errors", java.util.List.of(Map.of("message", message)), "data",
                            java.util.Collections.singletonMap("item", null))));
            return;
        }
        long n = id.asLong();
        send(ex, key, 200, "application/json", JSON.writeValueAsString(Map.of("data",
                Map.of("item", Map.of("id", n, "name", "item-" + n, "price", (n % 100) + 0.99)))));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static int intParam(HttpExchange ex, String name, int fallback) {
        String v = param(ex, name);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double doubleParam(HttpExchange ex, String name, double fallback) {
        String v = param(ex, name);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String param(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a response and counts it under {@code route} and its status (null: not counted). */
    private void send(HttpExchange ex, String route, int status, String type, String body) throws IOException {
        if (route != null) {
            statusCounts.computeIfAbsent(route + " " + status, k -> new LongAdder()).increment();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        }
        if (status == 204) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
