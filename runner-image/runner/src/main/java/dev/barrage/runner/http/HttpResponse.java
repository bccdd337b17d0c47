package dev.barrage.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.protocol.Phase;
import dev.barrage.scenario.Response;
import dev.barrage.scenario.Timings;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A response handed to scenario code; a failed connection is a response with status 0 and an empty body. */
final class HttpResponse implements Response {
    private final RawResponse raw;
    private final double elapsedMillis;
    private final Origin origin;
    private final String target;
    /** Copied from the user's {@link RequestPhases}, which its next request clears; a {@link Timings} made on demand. */
    private final long resolveNanos;
    private final long connectNanos;
    private final long tlsNanos;
    private final long sendNanos;
    private final long ttfbNanos;
    private final long receiveNanos;
    private final int newConnections;
    private final int reusedConnections;
    private boolean ok;
    private JsonNode json;

    /** @param origin and {@code target}: where the response came from (after redirects), for {@link #url()} */
    HttpResponse(RawResponse raw, double elapsedMillis, Origin origin, String target, RequestPhases phases) {
        this.raw = raw;
        this.elapsedMillis = elapsedMillis;
        this.origin = origin;
        this.target = target;
        this.resolveNanos = phases.nanos(Phase.RESOLVE);
        this.connectNanos = phases.nanos(Phase.CONNECT);
        this.tlsNanos = phases.nanos(Phase.TLS);
        this.sendNanos = phases.nanos(Phase.SEND);
        this.ttfbNanos = phases.nanos(Phase.TTFB);
        this.receiveNanos = phases.nanos(Phase.RECEIVE);
        this.newConnections = phases.newConnections();
        this.reusedConnections = phases.reusedConnections();
    }

    void ok(boolean ok) {
        this.ok = ok;
    }

    String reason() {
        return raw.reason();
    }

    @Override
    public int status() {
        return raw.status();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(raw.firstHeader(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<String> headers(String name) {
        return raw.headers().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public byte[] bytes() {
        return raw.body();
    }

    @Override
    public String url() {
        return origin.url(target);
    }

    @Override
    public String text() {
        return new String(raw.body(), charset());
    }

    private Charset charset() {
        String type = raw.firstHeader("content-type");
        if (type != null) {
            int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                String name = type.substring(i + 8).replace("\"", "").split(";")[0].trim();
                try {
                    return Charset.forName(name);
                } catch (RuntimeException ignored) {
                    // unknown charsets fall back to UTF-8
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public Optional<String> json(String pointer) {
        if (json == null) {
            json = Json.read(raw.body());
        }
        if (json == null) {
            return Optional.empty();
        }
        JsonNode node = json.at(pointer.isEmpty() || pointer.startsWith("/") ? pointer : "/" + pointer);
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(node.isValueNode() ? node.asText() : node.toString());
    }

    @Override
    public <T> T json(Class<T> type) {
        return Json.read(raw.body(), type);
    }

    @Override
    public double elapsedMillis() {
        return elapsedMillis;
    }

    @Override
    public Timings timings() {
        return RequestPhases.timings(resolveNanos, connectNanos, tlsNanos, sendNanos, ttfbNanos, receiveNanos,
                newConnections, reusedConnections);
    }

    @Override
    public boolean ok() {
        return ok;
    }

    @Override
    public String toString() {
        return "Response[" + raw.status() + " " + raw.reason() + ", " + raw.body().length + " bytes]";
    }
}
