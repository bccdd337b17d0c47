package dev.barrage.protocol.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.ExceptionKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.IterationCounts;
import dev.barrage.protocol.Phase;
import dev.barrage.protocol.PhaseTimes;
import dev.barrage.protocol.stats.EndpointTotals;
import java.io.IOException;
import java.nio.ByteBuffer;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;

/**
 * The one place that knows the wire format: JSON with a version field {@code "v": 2} and a {@code "type"}; interval
 * histograms travel in HdrHistogram's compressed encoding, base64. Fields added within a version are optional when
 * decoding ({@code userMillis}, {@code iterations}, an endpoint's {@code phases}), so records of older senders of that version still decode.
 * Version 2 records are authenticated: each carries its {@link MessageMac} in a record header, and version 1 records
 * (which carried none) are refused. Decoding checks every field, so a malformed record is refused with a message
 * saying what is wrong, never half-accepted.
 */
public final class ProtocolCodec {
    public static final int VERSION = 2;
    /** Larger records are refused before parsing. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtocolCodec() {}

    public static byte[] encode(ProtocolMessage message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        switch (message) {
            case IntervalMessage m -> encodeInterval(root, m);
            case RunnerStatus s -> {
                root.put("type", "status");
                root.put("runId", s.runId());
                root.put("runnerId", s.runnerId());
                root.put("state", s.state().name());
                root.put("time", s.epochMillis());
                root.put("lastSequence", s.lastSequence());
                root.put("message", s.message());
            }
            case RunnerCommand c -> {
                root.put("type", "command");
                root.put("runId", c.runId());
                root.put("kind", c.kind().name());
                root.put("users", c.users());
                root.put("spawnRate", c.spawnRate());
                root.put("runTimeSeconds", c.runTimeSeconds());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    private static void encodeInterval(ObjectNode root, IntervalMessage m) {
        IntervalReport r = m.report();
        root.put("type", "interval");
        root.put("runId", m.runId());
        root.put("runnerId", r.runnerId());
        root.put("sequence", r.sequence());
        root.put("start", r.startEpochMillis());
        root.put("end", r.endEpochMillis());
        root.put("users", r.users());
        root.put("userMillis", r.userMillis());
        if (r.iterations() != null) {
            ObjectNode it = root.putObject("iterations");
            it.put("started", r.iterations().started());
            it.put("dropped", r.iterations().dropped());
        }
        ArrayNode endpoints = root.putArray("endpoints");
        for (EndpointInterval e : r.endpoints()) {
            ObjectNode n = endpoints.addObject();
            n.put("type", e.key().type());
            n.put("name", e.key().name());
            n.put("requests", e.requests());
            n.put("failures", e.failures());
            n.put("sumMicros", e.sumMicros());
            n.put("minMicros", e.requests() == 0 ? 0 : e.minMicros());
            n.put("maxMicros", e.maxMicros());
            n.put("bytes", e.bytes());
            n.put("histogram", encodeHistogram(e.histogram()));
            if (e.phases() != null) {
                ObjectNode phases = n.putObject("phases");
                phases.put("newConnections", e.phases().newConnections());
                phases.put("reusedConnections", e.phases().reusedConnections());
                for (Phase phase : Phase.all()) {
                    phases.put(phase.key(), encodeHistogram(e.phases().histogram(phase)));
                }
            }
        }
        ArrayNode errors = root.putArray("errors");
        r.errors().forEach((k, count) -> {
            ObjectNode n = errors.addObject();
            n.put("type", k.type());
            n.put("name", k.name());
            n.put("error", k.error());
            n.put("count", count);
        });
        ArrayNode exceptions = root.putArray("exceptions");
        r.exceptions().forEach((k, count) -> {
            ObjectNode n = exceptions.addObject();
            n.put("message", k.message());
            n.put("traceback", k.traceback());
            n.put("count", count);
        });
    }

    static String encodeHistogram(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static ProtocolMessage decode(byte[] bytes) throws ProtocolException {
        if (bytes == null || bytes.length == 0) {
            throw new ProtocolException("empty message");
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new ProtocolException("message of " + bytes.length + " bytes is over the limit of " + MAX_MESSAGE_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ProtocolException("not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException("not a JSON object");
        }
        long version = requireLong(root, "v");
        if (version != VERSION) {
            throw new ProtocolException("unsupported protocol version " + version + " (this side speaks " + VERSION + ")");
        }
        String type = requireText(root, "type");
        String runId = requireText(root, "runId");
        return switch (type) {
            case "interval" -> new IntervalMessage(runId, decodeInterval(root));
            case "status" -> new RunnerStatus(runId, requireText(root, "runnerId"),
                    requireEnum(RunnerStatus.State.class, root, "state"), requireLong(root, "time"),
                    requireLong(root, "lastSequence"), optionalText(root, "message"));
            case "command" -> {
                RunnerCommand c = new RunnerCommand(runId, requireEnum(RunnerCommand.Kind.class, root, "kind"),
                        (int) requireRange(root, "users", 0, Integer.MAX_VALUE), requireDouble(root, "spawnRate"),
                        requireRange(root, "runTimeSeconds", 0, Long.MAX_VALUE));
                if (c.kind() != RunnerCommand.Kind.STOP && !(c.spawnRate() > 0)) {
                    throw new ProtocolException("spawnRate must be positive, got " + c.spawnRate());
                }
                yield c;
            }
            default -> throw new ProtocolException("unknown message type '" + type + "'");
        };
    }

    private static IntervalReport decodeInterval(JsonNode root) throws ProtocolException {
        List<EndpointInterval> endpoints = new ArrayList<>();
        for (JsonNode n : requireArray(root, "endpoints")) {
            EndpointKey key = new EndpointKey(requireText(n, "type"), requireText(n, "name"));
            long requests = requireRange(n, "requests", 0, Long.MAX_VALUE);
            long failures = requireRange(n, "failures", 0, requests);
            Histogram h = decodeHistogram(requireText(n, "histogram"), key);
            if (h.getTotalCount() != requests) {
                throw new ProtocolException(key + ": histogram holds " + h.getTotalCount() + " values for "
                        + requests + " requests");
            }
            long min = requireRange(n, "minMicros", 0, Long.MAX_VALUE);
            long max = requireRange(n, "maxMicros", 0, Long.MAX_VALUE);
            if (requests > 0 && min > max) {
                throw new ProtocolException(key + ": minMicros " + min + " is above maxMicros " + max);
            }
            endpoints.add(new EndpointInterval(key, requests, failures, requireRange(n, "sumMicros", 0, Long.MAX_VALUE),
                    requests == 0 ? Long.MAX_VALUE : min, max, requireRange(n, "bytes", 0, Long.MAX_VALUE), h,
                    decodePhases(n, key, requests)));
        }
        Map<ErrorKey, Long> errors = new LinkedHashMap<>();
        for (JsonNode n : requireArray(root, "errors")) {
            errors.merge(new ErrorKey(requireText(n, "type"), requireText(n, "name"), requireText(n, "error")),
                    requireRange(n, "count", 1, Long.MAX_VALUE), Long::sum);
        }
        Map<ExceptionKey, Long> exceptions = new LinkedHashMap<>();
        for (JsonNode n : requireArray(root, "exceptions")) {
            exceptions.merge(new ExceptionKey(requireText(n, "message"), requireText(n, "traceback")),
                    requireRange(n, "count", 1, Long.MAX_VALUE), Long::sum);
        }
        long start = requireLong(root, "start");
        long end = requireLong(root, "end");
        if (end < start) {
            throw new ProtocolException("interval ends (" + end + ") before it starts (" + start + ")");
        }
        int users = (int) requireRange(root, "users", 0, Integer.MAX_VALUE);
        // absent in the first senders of version 1: the user count at the end, held for the interval
        long userMillis = root.has("userMillis") ? requireRange(root, "userMillis", 0, Long.MAX_VALUE)
                : (long) users * (end - start);
        // absent in the closed model and in senders that predate it
        IterationCounts iterations = null;
        if (root.has("iterations") && !root.get("iterations").isNull()) {
            JsonNode it = root.get("iterations");
            if (!it.isObject()) {
                throw new ProtocolException("field 'iterations' must be an object");
            }
            iterations = new IterationCounts(requireRange(it, "started", 0, Long.MAX_VALUE),
                    requireRange(it, "dropped", 0, Long.MAX_VALUE));
        }
        return new IntervalReport(requireText(root, "runnerId"), requireRange(root, "sequence", 0, Long.MAX_VALUE),
                start, end, users, endpoints, errors, exceptions, userMillis, iterations);
    }

    /** An endpoint's phase times; absent for endpoints without HTTP requests and in senders that predate them. */
    private static PhaseTimes decodePhases(JsonNode endpoint, EndpointKey key, long requests) throws ProtocolException {
        JsonNode n = endpoint.get("phases");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new ProtocolException(key + ": field 'phases' must be an object");
        }
        Histogram[] histograms = new Histogram[Phase.all().length];
        for (Phase phase : Phase.all()) {
            Histogram h = decodeHistogram(requireText(n, phase.key()), key);
            if (h.getTotalCount() > requests) {
                throw new ProtocolException(key + ": the " + phase.key() + " histogram holds " + h.getTotalCount()
                        + " values for " + requests + " requests");
            }
            if (phase.ordinal() > 0 && h.getTotalCount() != histograms[0].getTotalCount()) {
                throw new ProtocolException(key + ": the " + phase.key() + " histogram holds " + h.getTotalCount()
                        + " values, the " + Phase.all()[0].key() + " histogram " + histograms[0].getTotalCount());
            }
            histograms[phase.ordinal()] = h;
        }
        return new PhaseTimes(requireRange(n, "newConnections", 0, Long.MAX_VALUE),
                requireRange(n, "reusedConnections", 0, Long.MAX_VALUE), histograms);
    }

    private static Histogram decodeHistogram(String base64, EndpointKey key) throws ProtocolException {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            Histogram h = EndpointTotals.newHistogram();
            h.add(decoded);
            return h;
        } catch (RuntimeException | DataFormatException e) {
            // HdrHistogram reports corrupt input through assorted runtime exceptions
            throw new ProtocolException(key + ": histogram is not a compressed HdrHistogram: " + e.getMessage());
        }
    }

    private static JsonNode require(JsonNode node, String field) throws ProtocolException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new ProtocolException("missing field '" + field + "'");
        }
        return v;
    }

    private static String requireText(JsonNode node, String field) throws ProtocolException {
        JsonNode v = require(node, field);
        if (!v.isTextual()) {
            throw new ProtocolException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static long requireLong(JsonNode node, String field) throws ProtocolException {
        JsonNode v = require(node, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ProtocolException("field '" + field + "' must be an integer");
        }
        return v.asLong();
    }

    private static long requireRange(JsonNode node, String field, long min, long max) throws ProtocolException {
        long v = requireLong(node, field);
        if (v < min || v > max) {
            throw new ProtocolException("field '" + field + "' is " + v + ", outside " + min + ".." + max);
        }
        return v;
    }

    private static double requireDouble(JsonNode node, String field) throws ProtocolException {
        JsonNode v = require(node, field);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new ProtocolException("field '" + field + "' must be a number");
        }
        return v.asDouble();
    }

    private static ArrayNode requireArray(JsonNode node, String field) throws ProtocolException {
        JsonNode v = require(node, field);
        if (!v.isArray()) {
            throw new ProtocolException("field '" + field + "' must be an array");
        }
        return (ArrayNode) v;
    }

    private static <E extends Enum<E>> E requireEnum(Class<E> type, JsonNode node, String field) throws ProtocolException {
        String v = requireText(node, field);
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("field '" + field + "' is '" + v + "', not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The key the examples' MACs were made with (base64 in examples/macs.properties). */
    public static byte[] exampleKey() {
        return Base64.getDecoder().decode(exampleMacs().getProperty("key"));
    }

    /** The MAC of an example under {@link #exampleKey()}, for run id {@code run-42}: both sides test against it. */
    public static byte[] exampleMac(String name) {
        String hex = exampleMacs().getProperty(name);
        if (hex == null) {
            throw new IllegalArgumentException("no MAC for the protocol example " + name);
        }
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static java.util.Properties exampleMacs() {
        java.util.Properties macs = new java.util.Properties();
        try (var in = ProtocolCodec.class.getResourceAsStream("/dev/barrage/protocol/examples/macs.properties")) {
            macs.load(in);
            return macs;
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the protocol examples' macs.properties cannot be read", e);
        }
    }

    /** The encoded examples shipped with this module, which both sides test against. */
    public static byte[] example(String name) {
        try (var in = ProtocolCodec.class.getResourceAsStream("/dev/barrage/protocol/examples/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no protocol example " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
