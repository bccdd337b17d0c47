package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Translates one Python expression to Java, or throws {@link NotConverted}. Types are tracked as far as the
 * locustfile shows them (literals, the client's responses, declared locals and fields), since Java needs them.
 */
final class ExpressionTranslator {
    private final ModuleNames module;
    /** Parts converted only in part (a request option we do not have): a TODO line beside the statement. */
    private final Consumer<NotConverted> notes;

    ExpressionTranslator(ModuleNames module, Consumer<NotConverted> notes) {
        this.module = module;
        this.notes = notes;
    }

    Expr translate(JsonNode n, Scope scope) {
        return switch (Py.type(n)) {
            case "Constant" -> constant(n);
            case "JoinedStr" -> fString(n, scope);
            case "Name" -> name(n, scope);
            case "Attribute" -> attribute(n, scope);
            case "Call" -> new CallTranslator(this, module, notes).call(n, scope);
            case "BinOp" -> binOp(n, scope);
            case "UnaryOp" -> unaryOp(n, scope);
            case "BoolOp" -> boolOp(n, scope);
            case "Compare" -> compare(n, scope);
            case "IfExp" -> {
                Expr then = translate(n.get("body"), scope);
                Expr otherwise = translate(n.get("orelse"), scope);
                yield new Expr(condition(n.get("test"), scope) + " ? " + then.code() + " : " + otherwise.code(),
                        Expr.unify(then.type(), otherwise.type()));
            }
            case "List", "Tuple", "Set" -> list(n, scope);
            case "Dict" -> dict(n, scope);
            case "Subscript" -> subscript(n, scope);
            default -> throw new NotConverted(n, "a Python " + Py.type(n) + " expression");
        };
    }

    /** A condition: Python's truthiness made explicit for the type. */
    String condition(JsonNode n, Scope scope) {
        return truthy(translate(n, scope));
    }

    static String truthy(Expr e) {
        return switch (e.type()) {
            case "boolean", "Boolean" -> e.code();
            case "int", "long", "double", "Integer", "Long", "Double" -> e.operand() + " != 0";
            case "String" -> e.operand() + " != null && !" + e.operand() + ".isEmpty()";
            case "Response" -> e.operand() + ".status() < 400";
            case "null" -> "false";
            default -> e.isList() || e.isMap() ? "!" + e.operand() + ".isEmpty()" : e.operand() + " != null";
        };
    }

    static Expr constant(JsonNode n) {
        JsonNode v = Py.constant(n);
        if (v.isNull()) {
            return new Expr("null", "null");
        }
        if (v.isBoolean()) {
            return new Expr(String.valueOf(v.asBoolean()), "boolean");
        }
        if (v.isInt()) {
            return new Expr(String.valueOf(v.asInt()), "int");
        }
        if (v.isIntegralNumber()) {
            return new Expr(v.asLong() + "L", "long");
        }
        if (v.isNumber()) {
            return new Expr(String.valueOf(v.asDouble()), "double");
        }
        return new Expr(quote(v.asText()), "String");
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Expr fString(JsonNode n, Scope scope) {
        List<String> parts = new ArrayList<>();
        for (JsonNode v : n.path("values")) {
            if (Py.is(v, "FormattedValue")) {
                if (!v.path("format_spec").isNull() && !v.path("format_spec").isMissingNode()) {
                    throw new NotConverted(v, "a format specification in an f-string");
                }
                parts.add(translate(v.get("value"), scope).operand());
            } else {
                parts.add(constant(v).code());
            }
        }
        if (parts.isEmpty()) {
            return new Expr("\"\"", "String");
        }
        if (!parts.getFirst().startsWith("\"")) {
            parts.addFirst("\"\"");
        }
        return new Expr(String.join(" + ", parts), "String");
    }

    private Expr name(JsonNode n, Scope scope) {
        String id = n.get("id").asText();
        String local = scope.local(id);
        if (local != null) {
            return new Expr(id, local);
        }
        String hook = scope.hookParameters.get(id);
        if (hook != null) {
            return new Expr(hook.substring(0, hook.indexOf('|')), hook.substring(hook.indexOf('|') + 1));
        }
        if (scope.isSelf(id)) {
            return new Expr("this", OBJECT_SELF);
        }
        String constant = module.constants.get(id);
        if (constant != null) {
            return new Expr(id, constant);
        }
        return switch (id) {
            case "True" -> new Expr("true", "boolean");
            case "False" -> new Expr("false", "boolean");
            case "None" -> new Expr("null", "null");
            default -> throw new NotConverted(n, "the name '" + id + "' (not a local, a field or a module constant)");
        };
    }

    static final String OBJECT_SELF = "self";

    private Expr attribute(JsonNode n, Scope scope) {
        String attr = n.get("attr").asText();
        JsonNode target = n.get("value");
        Optional<String> dotted = Py.dotted(n);
        if (dotted.isPresent()) {
            switch (dotted.get()) {
                case "math.pi" -> { return new Expr("Math.PI", "double"); }
                case "math.e" -> { return new Expr("Math.E", "double"); }
                default -> { }
            }
        }
        if (isSelf(target, scope) || isUserOfTaskSet(target, scope)) {
            switch (attr) {
                case "client" -> { return new Expr("client", "Http"); }
                case "host" -> { return new Expr("host()", "String"); }
                case "user", "locust", "parent" -> {
                    if (scope.owner != null && scope.owner.isTaskSet()) {
                        return new Expr("user()", OBJECT_SELF + ".user");
                    }
                }
                default -> { }
            }
            if (isSelf(target, scope) && scope.owner != null) {
                String type = scope.owner.fields.get(attr);
                if (type != null) {
                    return new Expr(attr, type);
                }
            }
            throw new NotConverted(n, "self." + attr + (isSelf(target, scope) ? " (an attribute never assigned in this class)" : " of the user"));
        }
        if (Py.dotted(target).map(d -> d.endsWith("environment")).orElse(false) && attr.equals("host")) {
            return new Expr("host()", "String");
        }
        Expr of = translate(target, scope);
        if (of.type().equals("Response")) {
            return switch (attr) {
                case "status_code" -> new Expr(of.operand() + ".status()", "int");
                case "text" -> new Expr(of.operand() + ".text()", "String");
                case "content" -> new Expr(of.operand() + ".text()", "String");
                case "ok" -> new Expr(of.operand() + ".status() < 400", "boolean");
                default -> throw new NotConverted(n, "response." + attr);
            };
        }
        throw new NotConverted(n, "the attribute ." + attr + " of a " + of.type());
    }

    boolean isSelf(JsonNode n, Scope scope) {
        return Py.is(n, "Name") && scope.isSelf(n.get("id").asText());
    }

    /** self.user / self.locust / self.parent inside a task set: the user, whose client is the same. */
    private boolean isUserOfTaskSet(JsonNode n, Scope scope) {
        return Py.is(n, "Attribute") && isSelf(n.get("value"), scope)
                && List.of("user", "locust").contains(n.get("attr").asText())
                && scope.owner != null && scope.owner.isTaskSet();
    }

    private Expr binOp(JsonNode n, Scope scope) {
        String op = Py.type(n.get("op"));
        if (op.equals("Mod") && Py.string(n.get("left")).isPresent()) {
            return percentFormat(n, scope);
        }
        Expr left = translate(n.get("left"), scope);
        Expr right = translate(n.get("right"), scope);
        if (op.equals("Add") && (left.isString() || right.isString())) {
            if (!(left.isString() && right.isString())) {
                throw new NotConverted(n, "adding a string and a " + (left.isString() ? right.type() : left.type()));
            }
            return new Expr(left.code() + " + " + right.operand(), "String");
        }
        if (!left.isNumber() || !right.isNumber()) {
            throw new NotConverted(n, "the operator " + op + " on " + left.type() + " and " + right.type());
        }
        boolean integral = left.isIntegral() && right.isIntegral();
        String type = integral ? (left.type().contains("ong") || right.type().contains("ong") ? "long" : "int") : "double";
        return switch (op) {
            case "Add" -> new Expr(left.code() + " + " + right.operand(), type);
            case "Sub" -> new Expr(left.code() + " - " + right.operand(), type);
            case "Mult" -> new Expr(left.operand() + " * " + right.operand(), type);
            case "Div" -> new Expr((integral ? "(double) " : "") + left.operand() + " / " + right.operand(), "double");
            case "FloorDiv" -> integral
                    ? new Expr("Math.floorDiv(" + left.code() + ", " + right.code() + ")", type)
                    : new Expr("Math.floor(" + left.operand() + " / " + right.operand() + ")", "double");
            case "Mod" -> integral
                    ? new Expr("Math.floorMod(" + left.code() + ", " + right.code() + ")", type)
                    : new Expr(left.operand() + " % " + right.operand(), "double");
            case "Pow" -> new Expr("Math.pow(" + left.code() + ", " + right.code() + ")", "double");
            default -> throw new NotConverted(n, "the operator " + op);
        };
    }

    /** "%s items" % n, "%d/%s" % (a, b): String.format, whose %s, %d and %f read the same. */
    private Expr percentFormat(JsonNode n, Scope scope) {
        String format = Py.string(n.get("left")).orElseThrow().replace("%i", "%d");
        JsonNode right = n.get("right");
        List<String> args = new ArrayList<>();
        if (Py.is(right, "Tuple")) {
            for (JsonNode e : right.path("elts")) {
                args.add(translate(e, scope).code());
            }
        } else {
            args.add(translate(right, scope).code());
        }
        return new Expr("String.format(" + quote(format) + ", " + String.join(", ", args) + ")", "String");
    }

    private Expr unaryOp(JsonNode n, Scope scope) {
        String op = Py.type(n.get("op"));
        if (op.equals("Not")) {
            return new Expr("!(" + condition(n.get("operand"), scope) + ")", "boolean");
        }
        Expr operand = translate(n.get("operand"), scope);
        if (!operand.isNumber()) {
            throw new NotConverted(n, "the operator " + op + " on a " + operand.type());
        }
        return switch (op) {
            case "USub" -> new Expr("-" + operand.operand(), operand.type());
            case "UAdd" -> operand;
            default -> throw new NotConverted(n, "the operator " + op);
        };
    }

    private Expr boolOp(JsonNode n, Scope scope) {
        String op = Py.is(n.get("op"), "And") ? " && " : " || ";
        List<String> parts = new ArrayList<>();
        for (JsonNode v : n.path("values")) {
            Expr e = translate(v, scope);
            if (!e.type().equals("boolean") && !e.type().equals("Boolean")) {
                throw new NotConverted(v, "'and'/'or' on a " + e.type() + " (Python returns the operand itself)");
            }
            parts.add(e.operand());
        }
        return new Expr(String.join(op, parts), "boolean");
    }

    private Expr compare(JsonNode n, Scope scope) {
        List<JsonNode> ops = Py.list(n, "ops");
        List<JsonNode> comparators = Py.list(n, "comparators");
        List<String> parts = new ArrayList<>();
        Expr left = translate(n.get("left"), scope);
        for (int i = 0; i < ops.size(); i++) {
            Expr right = translate(comparators.get(i), scope);
            parts.add(comparison(ops.get(i), left, right, n));
            left = right;
        }
        return new Expr(String.join(" && ", parts), "boolean");
    }

    private static String comparison(JsonNode opNode, Expr left, Expr right, JsonNode at) {
        String op = Py.type(opNode);
        boolean primitive = left.isNumber() && right.isNumber() && !(Character.isUpperCase(left.type().charAt(0))
                && Character.isUpperCase(right.type().charAt(0)));
        boolean nullCheck = left.type().equals("null") || right.type().equals("null");
        switch (op) {
            case "Eq", "Is" -> {
                if (primitive || nullCheck || (left.type().equals("boolean") && right.type().equals("boolean"))) {
                    return left.code() + " == " + right.code();
                }
                return "Objects.equals(" + left.code() + ", " + right.code() + ")";
            }
            case "NotEq", "IsNot" -> {
                if (primitive || nullCheck || (left.type().equals("boolean") && right.type().equals("boolean"))) {
                    return left.code() + " != " + right.code();
                }
                return "!Objects.equals(" + left.code() + ", " + right.code() + ")";
            }
            case "Lt", "LtE", "Gt", "GtE" -> {
                if (!left.isNumber() || !right.isNumber()) {
                    throw new NotConverted(at, "ordering a " + left.type() + " and a " + right.type());
                }
                String symbol = Map.of("Lt", "<", "LtE", "<=", "Gt", ">", "GtE", ">=").get(op);
                return left.code() + " " + symbol + " " + right.code();
            }
            case "In", "NotIn" -> {
                String not = op.equals("NotIn") ? "!" : "";
                if (right.isMap()) {
                    return not + right.operand() + ".containsKey(" + left.code() + ")";
                }
                if (right.isList() || right.isString()) {
                    return not + right.operand() + ".contains(" + (right.isString() ? "String.valueOf(" + left.code() + ")" : left.code()) + ")";
                }
                throw new NotConverted(at, "'in' on a " + right.type());
            }
            default -> throw new NotConverted(at, "the comparison " + op);
        }
    }

    private Expr list(JsonNode n, Scope scope) {
        List<String> items = new ArrayList<>();
        String element = null;
        for (JsonNode e : n.path("elts")) {
            if (Py.is(e, "Starred")) {
                throw new NotConverted(e, "*unpacking in a list");
            }
            Expr item = translate(e, scope);
            items.add(item.code());
            element = Expr.unify(element, item.type());
        }
        String type = "List<" + Expr.boxed(element == null ? Expr.OBJECT : element) + ">";
        String typeArgument = element == null || element.equals(Expr.OBJECT) ? "<Object>" : "<>";
        return new Expr("new ArrayList" + typeArgument + "(List.of(" + String.join(", ", items) + "))", type);
    }

    private Expr dict(JsonNode n, Scope scope) {
        List<JsonNode> keys = Py.list(n, "keys");
        List<JsonNode> values = Py.list(n, "values");
        List<String> entries = new ArrayList<>();
        String valueType = null;
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).isNull()) {
                throw new NotConverted(n, "**unpacking in a dict");
            }
            Expr key = translate(keys.get(i), scope);
            if (!key.isString()) {
                throw new NotConverted(keys.get(i), "a dict key that is not a string");
            }
            Expr value = translate(values.get(i), scope);
            if (value.type().equals("null")) {
                throw new NotConverted(values.get(i), "None as a dict value (Java's Map.of holds no nulls)");
            }
            entries.add("Map.entry(" + key.code() + ", " + value.code() + ")");
            valueType = Expr.unify(valueType, value.type());
        }
        String type = "Map<String, " + Expr.boxed(valueType == null ? Expr.OBJECT : valueType) + ">";
        String typeArgument = valueType == null || valueType.equals(Expr.OBJECT) ? "<String, Object>" : "";
        if (entries.size() <= 10) {
            String pairs = String.join(", ", entries.stream().map(e -> e.substring("Map.entry(".length(), e.length() - 1)).toList());
            return new Expr("Map." + typeArgument + "of(" + pairs + ")", type);
        }
        return new Expr("Map." + typeArgument + "ofEntries(" + String.join(", ", entries) + ")", type);
    }

    private Expr subscript(JsonNode n, Scope scope) {
        Optional<Expr> json = CallTranslator.jsonPointer(n, this, scope);
        if (json.isPresent()) {
            return json.get();
        }
        JsonNode slice = n.get("slice");
        if (Py.is(slice, "Index")) {
            slice = slice.get("value");
        }
        if (Py.is(slice, "Slice")) {
            throw new NotConverted(n, "a slice");
        }
        Expr of = translate(n.get("value"), scope);
        Expr key = translate(slice, scope);
        if (of.isList()) {
            String index = key.code().startsWith("-") ? of.operand() + ".size() " + key.code() : key.code();
            return new Expr(of.operand() + ".get(" + index + ")", of.elementType());
        }
        if (of.isMap()) {
            return new Expr(of.operand() + ".get(" + key.code() + ")", of.elementType());
        }
        throw new NotConverted(n, "indexing a " + of.type());
    }
}
