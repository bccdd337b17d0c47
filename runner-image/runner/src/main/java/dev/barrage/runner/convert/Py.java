package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading the nodes of Python's {@code ast} as dumped to JSON (Python 3.7's Str/Num/NameConstant read as Constant). */
final class Py {
    private Py() {}

    static String type(JsonNode n) {
        String t = n == null || n.isNull() ? "" : n.path("_type").asText();
        return switch (t) {
            case "Str", "Num", "NameConstant", "Bytes" -> "Constant";
            default -> t;
        };
    }

    static boolean is(JsonNode n, String type) {
        return type(n).equals(type);
    }

    static int line(JsonNode n) {
        return n.path("lineno").asInt();
    }

    /** 1-based, as javac's columns. */
    static int column(JsonNode n) {
        return n.path("col_offset").asInt() + 1;
    }

    static List<JsonNode> list(JsonNode n, String field) {
        List<JsonNode> out = new ArrayList<>();
        n.path(field).forEach(out::add);
        return out;
    }

    /** The value of a Constant node (a JSON string, number, boolean or null). */
    static JsonNode constant(JsonNode n) {
        JsonNode legacy = n.has("s") ? n.get("s") : n.has("n") ? n.get("n") : null;
        return legacy != null ? legacy : n.path("value");
    }

    static Optional<String> string(JsonNode n) {
        if (is(n, "Constant") && constant(n).isTextual()) {
            return Optional.of(constant(n).asText());
        }
        return Optional.empty();
    }

    static Optional<Double> number(JsonNode n) {
        if (is(n, "Constant") && constant(n).isNumber()) {
            return Optional.of(constant(n).asDouble());
        }
        if (is(n, "UnaryOp") && is(n.get("op"), "USub")) {
            return number(n.get("operand")).map(v -> -v);
        }
        return Optional.empty();
    }

    /** a.b.c as "a.b.c"; empty unless the expression is only names and attributes. */
    static Optional<String> dotted(JsonNode n) {
        if (is(n, "Name")) {
            return Optional.of(n.get("id").asText());
        }
        if (is(n, "Attribute")) {
            return dotted(n.get("value")).map(v -> v + "." + n.get("attr").asText());
        }
        return Optional.empty();
    }

    /** The keyword argument of a Call, or null. */
    static JsonNode keyword(JsonNode call, String name) {
        for (JsonNode k : call.path("keywords")) {
            if (name.equals(k.path("arg").asText(null))) {
                return k.get("value");
            }
        }
        return null;
    }

    /** The last part of a dotted name: "locust.HttpUser" -> "HttpUser". */
    static String simpleName(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }
}
