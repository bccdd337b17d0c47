package dev.barrage.controlplane.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A local stand-in for Slack, Datadog or GitHub on 127.0.0.1: records every request, checks its method, path, query,
 * headers and JSON body against the fixture of the documented API call it matches (a request that matches no fixture
 * is a violation too), and answers as the service would, or as told ({@link #answerNext}) to exercise retries.
 */
public final class StandIn implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. {@code headers}: lower-case names, first values. */
    public record Recorded(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body, long atMillis, String fixture) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer json(int status, Object body) {
            try {
                return new Answer(status, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record Fixture(String name, String method, Pattern path, JsonNode query, JsonNode headers, JsonNode body) {}

    private final String service;
    private final HttpServer server;
    private final List<Fixture> fixtures = new ArrayList<>();
    private final Function<Recorded, Answer> normal;
    private final ConcurrentLinkedDeque<Answer> forced = new ConcurrentLinkedDeque<>();
    private final Map<String, ConcurrentLinkedDeque<Answer>> forcedByFixture = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    private StandIn(String service, List<String> fixtureNames, Function<Recorded, Answer> normal) throws IOException {
        this.service = service;
        this.normal = normal;
        for (String name : fixtureNames) {
            fixtures.add(fixture(name));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param fixtureNames under {@code src/test/resources/integrations}, e.g. "github/create-commit-status"
     * @param normal how the service answers a request when nothing else was told
     */
    public static StandIn start(String service, List<String> fixtureNames, Function<Recorded, Answer> normal) {
        try {
            return new StandIn(service, fixtureNames, normal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next requests get these answers, in order, before the normal ones resume. */
    public void answerNext(Answer... answers) {
        forced.addAll(List.of(answers));
    }

    /** The next requests of one documented call (a fixture's name) get these answers, in order. */
    public void answerNext(String fixture, Answer... answers) {
        forcedByFixture.computeIfAbsent(fixture, f -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The requests that matched this fixture. */
    public List<Recorded> requests(String fixture) {
        return requests.stream().filter(r -> fixture.equals(r.fixture())).toList();
    }

    /** What did not match the documented shapes; empty when everything did. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void clear() {
        requests.clear();
        violations.clear();
        forced.clear();
        forcedByFixture.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Fixture fixture = fixtures.stream().filter(f -> f.method.equals(method) && f.path.matcher(path).matches())
                    .findFirst().orElse(null);
            Recorded r = new Recorded(method, path, query, headers, body, System.currentTimeMillis(),
                    fixture == null ? null : fixture.name);
            requests.add(r);
            check(fixture, r);
            Answer answer = fixture == null || !forcedByFixture.containsKey(fixture.name) ? null
                    : forcedByFixture.get(fixture.name).poll();
            if (answer == null) {
                answer = forced.poll();
            }
            if (answer == null) {
                answer = normal.apply(r);
            }
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (RuntimeException e) {
            violations.add(service + ": the stand-in failed: " + e);
            throw e;
        }
    }

    private void check(Fixture f, Recorded r) {
        String at = service + " " + r.method() + " " + r.path();
        if (f == null) {
            violations.add(at + ": no documented call of " + service + " looks like this");
            return;
        }
        ObjectNode query = JSON.createObjectNode();
        r.query().forEach(query::put);
        if (f.query != null) {
            JsonShape.check(f.query, query).forEach(p -> violations.add(at + " query " + p));
        } else if (!r.query().isEmpty()) {
            violations.add(at + ": unexpected query " + r.query());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = f.headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            String value = r.headers().get(h.getKey());
            if (value == null) {
                violations.add(at + ": missing header " + h.getKey());
            } else {
                JsonShape.check(h.getValue(), JSON.getNodeFactory().textNode(value))
                        .forEach(p -> violations.add(at + " header " + h.getKey() + " " + p));
            }
        }
        if (f.body == null || f.body.isNull()) {
            if (!r.body().isEmpty()) {
                violations.add(at + ": expected no body");
            }
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            violations.add(at + ": the body is not JSON: " + e.getMessage());
            return;
        }
        JsonShape.check(f.body, body).forEach(p -> violations.add(at + " body " + p));
    }

    private static Fixture fixture(String name) throws IOException {
        try (InputStream in = StandIn.class.getResourceAsStream("/integrations/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            JsonNode f = JSON.readTree(in);
            return new Fixture(name, f.get("method").asText(), Pattern.compile(f.get("path").asText()), f.get("query"),
                    f.get("headers"), f.get("body"));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
