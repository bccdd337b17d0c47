package dev.barrage.controlplane.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against an expected shape written as JSON, as the fixtures under
 * {@code src/test/resources/integrations} write the public APIs' documented request bodies:
 * <ul>
 * <li>{@code "<string>"}, {@code "<string:max=150>"}, {@code "<number>"}, {@code "<integer>"}, {@code "<boolean>"},
 *     {@code "<any>"}, {@code "<enum:a|b|c>"} (compared as text), {@code "<regex:...>"}; any other value must be equal;
 * <li>an object: each key must be there ({@code "key?"}: may be missing), and no other key may (the services reject
 *     fields they do not know);
 * <li>{@code {"<array>": SHAPE, "min": 1, "max": 50}}: an array whose every element has SHAPE;
 * <li>{@code {"<oneOf>": [SHAPE, ...]}}: the value has one of the shapes.
 * </ul>
 */
public final class JsonShape {
    private JsonShape() {}

    /** What does not fit; empty when the value has the shape. */
    public static List<String> check(JsonNode shape, JsonNode actual) {
        List<String> problems = new ArrayList<>();
        check(shape, actual, "$", problems);
        return problems;
    }

    private static void check(JsonNode shape, JsonNode actual, String at, List<String> problems) {
        if (shape.isTextual() && shape.asText().startsWith("<") && shape.asText().endsWith(">")) {
            placeholder(shape.asText(), actual, at, problems);
        } else if (shape.isObject() && shape.has("<array>")) {
            array(shape, actual, at, problems);
        } else if (shape.isObject() && shape.has("<oneOf>")) {
            oneOf(shape.get("<oneOf>"), actual, at, problems);
        } else if (shape.isObject()) {
            object(shape, actual, at, problems);
        } else if (!shape.equals(actual)) {
            problems.add(at + ": expected " + shape + ", got " + actual);
        }
    }

    private static void placeholder(String p, JsonNode actual, String at, List<String> problems) {
        String kind = p.substring(1, p.length() - 1);
        String arg = kind.contains(":") ? kind.substring(kind.indexOf(':') + 1) : null;
        kind = kind.contains(":") ? kind.substring(0, kind.indexOf(':')) : kind;
        boolean ok = switch (kind) {
            case "any" -> true;
            case "string" -> actual.isTextual() && (arg == null
                    || actual.asText().length() <= Integer.parseInt(arg.substring("max=".length())));
            case "number" -> actual.isNumber();
            case "integer" -> actual.isIntegralNumber();
            case "boolean" -> actual.isBoolean();
            case "enum" -> actual.isValueNode() && Set.of(arg.split("\\|")).contains(actual.asText());
            case "regex" -> actual.isTextual() && Pattern.compile(arg).matcher(actual.asText()).find();
            default -> throw new IllegalArgumentException("unknown placeholder " + p);
        };
        if (!ok) {
            String shown = actual.toString();
            problems.add(at + ": expected " + p + ", got " + (shown.length() > 120 ? shown.substring(0, 120) + "…" : shown));
        }
    }

    private static void array(JsonNode shape, JsonNode actual, String at, List<String> problems) {
        if (!actual.isArray()) {
            problems.add(at + ": expected an array, got " + actual.getNodeType());
            return;
        }
        if (shape.has("min") && actual.size() < shape.get("min").asInt()) {
            problems.add(at + ": expected at least " + shape.get("min").asInt() + " elements, got " + actual.size());
        }
        if (shape.has("max") && actual.size() > shape.get("max").asInt()) {
            problems.add(at + ": expected at most " + shape.get("max").asInt() + " elements, got " + actual.size());
        }
        for (int i = 0; i < actual.size(); i++) {
            check(shape.get("<array>"), actual.get(i), at + "[" + i + "]", problems);
        }
    }

    private static void oneOf(JsonNode shapes, JsonNode actual, String at, List<String> problems) {
        List<String> closest = null;
        for (JsonNode s : shapes) {
            List<String> p = new ArrayList<>();
            check(s, actual, at, p);
            if (p.isEmpty()) {
                return;
            }
            if (closest == null || p.size() < closest.size()) {
                closest = p;
            }
        }
        problems.add(at + ": fits none of the " + shapes.size() + " allowed shapes; the closest: " + closest);
    }

    private static void object(JsonNode shape, JsonNode actual, String at, List<String> problems) {
        if (!actual.isObject()) {
            problems.add(at + ": expected an object, got " + actual.getNodeType());
            return;
        }
        Set<String> known = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = shape.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean optional = e.getKey().endsWith("?");
            String key = optional ? e.getKey().substring(0, e.getKey().length() - 1) : e.getKey();
            known.add(key);
            if (!actual.has(key)) {
                if (!optional) {
                    problems.add(at + ": missing " + key);
                }
                continue;
            }
            check(e.getValue(), actual.get(key), at + "." + key, problems);
        }
        for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(at + ": unexpected field " + key);
            }
        }
    }
}
