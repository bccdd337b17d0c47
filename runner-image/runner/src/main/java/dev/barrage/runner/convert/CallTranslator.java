package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Function and method calls: the client's requests, Locust's helpers and the Python builtins a locustfile uses. */
final class CallTranslator {
    static final Set<String> VERBS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
    /** Request options that only tune the transport; said in a TODO, the request itself is converted. */
    private static final Set<String> TRANSPORT_OPTIONS = Set.of("timeout", "allow_redirects", "verify", "stream",
            "cookies", "auth", "files", "cert", "proxies", "context");

    private final ExpressionTranslator expressions;
    private final ModuleNames module;
    private final Consumer<NotConverted> notes;

    CallTranslator(ExpressionTranslator expressions, ModuleNames module, Consumer<NotConverted> notes) {
        this.expressions = expressions;
        this.module = module;
        this.notes = notes;
    }

    Expr call(JsonNode n, Scope scope) {
        JsonNode function = n.get("func");
        Optional<Request> request = request(n, scope);
        if (request.isPresent()) {
            if (request.get().catchResponse) {
                throw new NotConverted(n, "catch_response=True outside a 'with' block");
            }
            return new Expr(request.get().code + ".send()", "Response");
        }
        String dotted = Py.dotted(function).orElse("");
        List<JsonNode> args = Py.list(n, "args");
        switch (dotted) {
            case "time.sleep", "gevent.sleep", "sleep" -> {
                return new Expr("sleep(" + duration(arg(n, 0), scope) + ")", "void");
            }
            case "random.randint" -> {
                return new Expr("ThreadLocalRandom.current().nextInt(" + code(n, 0, scope) + ", "
                        + expressions.translate(arg(n, 1), scope).operand() + " + 1)", "int");
            }
            case "random.random" -> {
                return new Expr("ThreadLocalRandom.current().nextDouble()", "double");
            }
            case "random.uniform" -> {
                return new Expr("ThreadLocalRandom.current().nextDouble(" + code(n, 0, scope) + ", " + code(n, 1, scope) + ")", "double");
            }
            case "random.choice" -> {
                Expr seq = expressions.translate(arg(n, 0), scope);
                if (!seq.isList()) {
                    throw new NotConverted(n, "random.choice of a " + seq.type());
                }
                return new Expr(seq.operand() + ".get(ThreadLocalRandom.current().nextInt(" + seq.operand() + ".size()))",
                        seq.elementType());
            }
            case "uuid.uuid4", "uuid4" -> {
                return new Expr("UUID.randomUUID()", "UUID");
            }
            case "print" -> {
                List<String> parts = new ArrayList<>();
                for (JsonNode a : args) {
                    Expr e = expressions.translate(a, scope);
                    parts.add(e.isString() && args.size() == 1 ? e.code() : "String.valueOf(" + e.code() + ")");
                }
                return new Expr("System.out.println(" + (parts.isEmpty() ? "" : String.join(" + \" \" + ", parts)) + ")", "void");
            }
            case "str" -> {
                return new Expr("String.valueOf(" + code(n, 0, scope) + ")", "String");
            }
            case "int" -> {
                Expr v = expressions.translate(arg(n, 0), scope);
                return new Expr(v.isString() ? "Integer.parseInt(" + v.code() + ")" : "(int) " + v.operand(), "int");
            }
            case "float" -> {
                Expr v = expressions.translate(arg(n, 0), scope);
                return new Expr(v.isString() ? "Double.parseDouble(" + v.code() + ")" : "(double) " + v.operand(), "double");
            }
            case "len" -> {
                Expr v = expressions.translate(arg(n, 0), scope);
                if (v.isString()) {
                    return new Expr(v.operand() + ".length()", "int");
                }
                if (v.isList() || v.isMap()) {
                    return new Expr(v.operand() + ".size()", "int");
                }
                throw new NotConverted(n, "len() of a " + v.type());
            }
            case "round" -> {
                if (args.size() > 1) {
                    throw new NotConverted(n, "round() to digits");
                }
                return new Expr("(int) Math.round(" + code(n, 0, scope) + ")", "int");
            }
            case "abs", "min", "max" -> {
                List<String> parts = new ArrayList<>();
                String type = null;
                for (JsonNode a : args) {
                    Expr e = expressions.translate(a, scope);
                    if (!e.isNumber()) {
                        throw new NotConverted(n, dotted + "() of a " + e.type());
                    }
                    parts.add(e.code());
                    type = Expr.unify(type, e.type().toLowerCase().replace("integer", "int"));
                }
                if (parts.size() > 2 || parts.isEmpty()) {
                    throw new NotConverted(n, dotted + "() of " + parts.size() + " values");
                }
                return new Expr("Math." + dotted + "(" + String.join(", ", parts) + ")", type);
            }
            case "math.sin", "math.cos", "math.sqrt", "math.exp", "math.log", "math.floor", "math.ceil" -> {
                String fn = Py.simpleName(dotted);
                Expr v = new Expr("Math." + fn + "(" + code(n, 0, scope) + ")", "double");
                return fn.equals("floor") || fn.equals("ceil") ? new Expr("(int) " + v.code(), "int") : v;
            }
            default -> { }
        }
        if (Py.is(function, "Attribute")) {
            return method(n, scope);
        }
        if (Py.is(function, "Name")) {
            String name = function.get("id").asText();
            String returnType = module.functions.get(name);
            if (returnType != null) {
                return new Expr(name + "(" + arguments(args, scope) + ")", returnType);
            }
            if (module.classes.containsKey(name) || List.of("StopUser", "RescheduleTask", "InterruptTaskSet").contains(name)) {
                throw new NotConverted(n, "creating a " + name);
            }
        }
        throw new NotConverted(n, "the call " + describe(function) + "()");
    }

    /** PyQuery(r.text)("a") -> "PyQuery(...)". */
    private static String describe(JsonNode function) {
        if (Py.is(function, "Call")) {
            return describe(function.get("func")) + "(...)";
        }
        return Py.dotted(function).orElse(Py.type(function));
    }

    private Expr method(JsonNode n, Scope scope) {
        JsonNode function = n.get("func");
        String name = function.get("attr").asText();
        JsonNode target = function.get("value");
        List<JsonNode> args = Py.list(n, "args");
        if (expressions.isSelf(target, scope)) {
            switch (name) {
                case "interrupt" -> {
                    JsonNode reschedule = Py.keyword(n, "reschedule");
                    if (reschedule == null && !args.isEmpty()) {
                        reschedule = args.getFirst();
                    }
                    return new Expr("interrupt(" + (reschedule == null ? "" : expressions.condition(reschedule, scope)) + ")", "void");
                }
                case "get_run_time" -> {
                    return new Expr("(runTime().toMillis() / 1000.0)", "double");
                }
                default -> { }
            }
            String returnType = scope.owner == null ? null : scope.owner.methods.get(name);
            if (returnType != null) {
                return new Expr(name + "(" + arguments(args, scope) + ")", returnType);
            }
            throw new NotConverted(n, "self." + name + "()");
        }
        if (Py.is(target, "Call") && Py.is(target.get("func"), "Attribute")
                && target.get("func").get("attr").asText().equals("json")) {
            Optional<Expr> json = jsonPointer(n, expressions, scope);
            if (json.isPresent()) {
                return json.get();
            }
        }
        Expr of = expressions.translate(target, scope);
        if (of.type().equals("Response")) {
            switch (name) {
                case "json" -> {
                    return new Expr(of.operand() + ".json(Object.class)", "Object");
                }
                case "success", "failure" -> {
                    if (!of.code().equals(scope.checkVariable)) {
                        throw new NotConverted(n, "response." + name + "() outside its catch_response block");
                    }
                    return new Expr(name.equals("success") ? "ok()" : "fail(String.valueOf(" + code(n, 0, scope) + "))",
                            "CheckResult");
                }
                case "raise_for_status" -> throw new NotConverted(n, "response.raise_for_status()");
                default -> throw new NotConverted(n, "response." + name + "()");
            }
        }
        if (of.isString()) {
            return switch (name) {
                case "startswith" -> new Expr(of.operand() + ".startsWith(" + code(n, 0, scope) + ")", "boolean");
                case "endswith" -> new Expr(of.operand() + ".endsWith(" + code(n, 0, scope) + ")", "boolean");
                case "lower" -> new Expr(of.operand() + ".toLowerCase()", "String");
                case "upper" -> new Expr(of.operand() + ".toUpperCase()", "String");
                case "strip" -> new Expr(of.operand() + ".strip()", "String");
                case "replace" -> new Expr(of.operand() + ".replace(" + code(n, 0, scope) + ", " + code(n, 1, scope) + ")", "String");
                case "format" -> format(n, of, scope);
                case "join" -> new Expr("String.join(" + of.code() + ", " + code(n, 0, scope) + ")", "String");
                default -> throw new NotConverted(n, "the string method ." + name + "()");
            };
        }
        if (of.isList()) {
            return switch (name) {
                case "append" -> new Expr(of.operand() + ".add(" + code(n, 0, scope) + ")", "void");
                case "pop" -> new Expr(of.operand() + ".remove(" + (args.isEmpty() ? of.operand() + ".size() - 1" : code(n, 0, scope)) + ")",
                        of.elementType());
                default -> throw new NotConverted(n, "the list method ." + name + "()");
            };
        }
        if (of.isMap()) {
            return switch (name) {
                case "get" -> new Expr(args.size() > 1
                        ? of.operand() + ".getOrDefault(" + code(n, 0, scope) + ", " + code(n, 1, scope) + ")"
                        : of.operand() + ".get(" + code(n, 0, scope) + ")", of.elementType());
                case "keys" -> new Expr("new ArrayList<>(" + of.operand() + ".keySet())", "List<String>");
                default -> throw new NotConverted(n, "the dict method ." + name + "()");
            };
        }
        throw new NotConverted(n, "the method ." + name + "() of a " + of.type());
    }

    /** "{} of {}".format(a, b): only positional {} fields. */
    private Expr format(JsonNode n, Expr template, Scope scope) {
        if (!template.code().startsWith("\"") || template.code().matches(".*\\{[^}]+}.*")) {
            throw new NotConverted(n, "str.format() with named or numbered fields");
        }
        return new Expr("String.format(" + template.code().replace("%", "%%").replace("{}", "%s") + ", "
                + arguments(Py.list(n, "args"), scope) + ")", "String");
    }

    /** response.json()["a"][0], response.json().get("a"): a JSON Pointer read, as a string (null when absent). */
    static Optional<Expr> jsonPointer(JsonNode n, ExpressionTranslator expressions, Scope scope) {
        List<String> segments = new ArrayList<>();
        JsonNode at = n;
        while (true) {
            if (Py.is(at, "Subscript")) {
                JsonNode slice = Py.is(at.get("slice"), "Index") ? at.get("slice").get("value") : at.get("slice");
                Optional<String> key = Py.string(slice).or(() -> Py.number(slice).map(d -> String.valueOf(d.intValue())));
                if (key.isEmpty()) {
                    return Optional.empty();
                }
                segments.addFirst(key.get().replace("~", "~0").replace("/", "~1"));
                at = at.get("value");
            } else if (Py.is(at, "Call") && Py.is(at.get("func"), "Attribute") && at.get("func").get("attr").asText().equals("get")
                    && at.path("args").size() == 1 && Py.string(at.get("args").get(0)).isPresent()) {
                segments.addFirst(Py.string(at.get("args").get(0)).get().replace("~", "~0").replace("/", "~1"));
                at = at.get("func").get("value");
            } else {
                break;
            }
        }
        if (segments.isEmpty() || !Py.is(at, "Call") || !Py.is(at.get("func"), "Attribute")
                || !at.get("func").get("attr").asText().equals("json") || at.path("args").size() != 0) {
            return Optional.empty();
        }
        Expr response = expressions.translate(at.get("func").get("value"), scope);
        if (!response.type().equals("Response")) {
            return Optional.empty();
        }
        return Optional.of(new Expr(response.operand() + ".json(" + ExpressionTranslator.quote("/" + String.join("/", segments))
                + ").orElse(null)", "String"));
    }

    /** A request built on self.client (or self.user.client), without its send(). */
    record Request(String code, boolean catchResponse) {}

    Optional<Request> request(JsonNode n, Scope scope) {
        if (!Py.is(n, "Call") || !Py.is(n.get("func"), "Attribute")) {
            return Optional.empty();
        }
        JsonNode function = n.get("func");
        String verb = function.get("attr").asText();
        JsonNode target = function.get("value");
        boolean onClient = Py.is(target, "Attribute") && target.get("attr").asText().equals("client")
                && expressions.translate(target, scope).code().equals("client");
        if (!onClient || !(VERBS.contains(verb) || verb.equals("request"))) {
            return Optional.empty();
        }
        List<JsonNode> args = new ArrayList<>(Py.list(n, "args"));
        StringBuilder code = new StringBuilder("client.");
        if (verb.equals("request")) {
            JsonNode method = args.isEmpty() ? Py.keyword(n, "method") : args.removeFirst();
            if (method == null) {
                throw new NotConverted(n, "client.request() without a method");
            }
            Expr m = expressions.translate(method, scope);
            code.append("request(").append(Py.string(method).map(s -> ExpressionTranslator.quote(s.toUpperCase())).orElse(m.code()));
            code.append(", ");
        } else if (verb.equals("options")) {
            code.append("request(\"OPTIONS\", ");
        } else {
            code.append(verb).append('(');
        }
        JsonNode url = args.isEmpty() ? firstKeyword(n, "url", "path") : args.removeFirst();
        if (url == null) {
            throw new NotConverted(n, "a request without a URL");
        }
        code.append(expressions.translate(percentEncoded(url), scope).code()).append(')');
        if (!args.isEmpty() && Set.of("post", "put", "patch").contains(verb)) {
            body(code, "data", args.removeFirst(), scope);
        }
        if (!args.isEmpty()) {
            throw new NotConverted(args.getFirst(), "a positional request argument");
        }
        boolean catchResponse = false;
        for (JsonNode k : n.path("keywords")) {
            String arg = k.path("arg").asText(null);
            JsonNode value = k.get("value");
            if (arg == null) {
                throw new NotConverted(value, "**keyword arguments of a request");
            }
            switch (arg) {
                case "url", "path", "method" -> { }
                case "name" -> code.append(".name(").append(expressions.translate(value, scope).code()).append(')');
                case "catch_response" -> catchResponse = Py.is(value, "Constant") && Py.constant(value).asBoolean();
                case "params" -> pairs(code, "query", value, scope);
                case "headers" -> {
                    if (Py.is(value, "Dict")) {
                        pairs(code, "header", value, scope);
                    } else {
                        Expr h = expressions.translate(value, scope);
                        if (!h.type().equals("Map<String, String>")) {
                            throw new NotConverted(value, "headers that are a " + h.type() + ", not a dict of strings");
                        }
                        code.append(".headers(").append(h.code()).append(')');
                    }
                }
                case "json", "data" -> body(code, arg, value, scope);
                default -> {
                    if (TRANSPORT_OPTIONS.contains(arg)) {
                        notes.accept(new NotConverted(value, "the request option " + arg + "= (the request is converted without it)"));
                    } else {
                        throw new NotConverted(value, "the request option " + arg + "=");
                    }
                }
            }
        }
        return Optional.of(new Request(code.toString(), catchResponse));
    }

    /**
     * The URL's literal parts with the characters Python's requests percent-encodes before sending (a space, braces,
     * quotes...), which Java's URI refuses.
     */
    private static JsonNode percentEncoded(JsonNode url) {
        JsonNode copy = url.deepCopy();
        List<JsonNode> parts = Py.is(copy, "JoinedStr") ? Py.list(copy, "values") : List.of(copy);
        for (JsonNode part : parts) {
            if (Py.string(part).isPresent() && part.has("value")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) part).put("value", encodeUnsafe(Py.string(part).get()));
            }
        }
        return copy;
    }

    static String encodeUnsafe(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            out.append(safe ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }

    private void body(StringBuilder code, String kind, JsonNode value, Scope scope) {
        Expr body = expressions.translate(value, scope);
        if (kind.equals("json")) {
            code.append(".json(").append(body.code()).append(')');
        } else if (body.isMap()) {
            code.append(".form(").append(body.code()).append(')');
        } else if (body.isString()) {
            code.append(".body(").append(body.code()).append(", \"text/plain; charset=UTF-8\")");
        } else {
            throw new NotConverted(value, "data= that is a " + body.type());
        }
    }

    private void pairs(StringBuilder code, String method, JsonNode dict, Scope scope) {
        if (!Py.is(dict, "Dict")) {
            throw new NotConverted(dict, method.equals("query") ? "params= that is not a dict literal" : "headers=");
        }
        List<JsonNode> keys = Py.list(dict, "keys");
        List<JsonNode> values = Py.list(dict, "values");
        for (int i = 0; i < keys.size(); i++) {
            Expr value = expressions.translate(values.get(i), scope);
            code.append('.').append(method).append('(').append(expressions.translate(keys.get(i), scope).code()).append(", ")
                    .append(method.equals("header") && !value.isString() ? "String.valueOf(" + value.code() + ")" : value.code())
                    .append(')');
        }
    }

    /** Seconds as a Duration: whole seconds stay readable, anything else in milliseconds. */
    String duration(JsonNode seconds, Scope scope) {
        Optional<Double> constant = Py.number(seconds);
        if (constant.isPresent()) {
            double s = constant.get();
            return s == Math.rint(s) ? "Duration.ofSeconds(" + (long) s + ")" : "Duration.ofMillis(" + Math.round(s * 1000) + ")";
        }
        Expr e = expressions.translate(seconds, scope);
        if (!e.isNumber()) {
            throw new NotConverted(seconds, "a time that is a " + e.type());
        }
        return "Duration.ofMillis(Math.round(" + e.operand() + " * 1000))";
    }

    private JsonNode arg(JsonNode call, int i) {
        JsonNode args = call.path("args");
        if (args.size() <= i) {
            throw new NotConverted(call, "a call with fewer arguments than expected");
        }
        return args.get(i);
    }

    private String code(JsonNode call, int i, Scope scope) {
        return expressions.translate(arg(call, i), scope).code();
    }

    private String arguments(List<JsonNode> args, Scope scope) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : args) {
            out.add(expressions.translate(a, scope).code());
        }
        return String.join(", ", out);
    }

    private static JsonNode firstKeyword(JsonNode call, String... names) {
        for (String name : names) {
            JsonNode v = Py.keyword(call, name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
