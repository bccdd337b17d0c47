package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates the statements of a Python function body. A statement it cannot translate becomes a
 * {@code // TODO(convert)} comment holding the original lines, and a warning; the statements around it are kept.
 */
final class StatementTranslator {
    private final ModuleNames module;
    private final ConversionWarnings warnings;
    private final PythonSource source;
    private final List<NotConverted> notes = new ArrayList<>();
    private final ExpressionTranslator expressions;
    private final CallTranslator calls;

    StatementTranslator(ModuleNames module, ConversionWarnings warnings, PythonSource source) {
        this.module = module;
        this.warnings = warnings;
        this.source = source;
        this.expressions = new ExpressionTranslator(module, notes::add);
        this.calls = new CallTranslator(expressions, module, notes::add);
    }

    ExpressionTranslator expressions() {
        return expressions;
    }

    CallTranslator calls() {
        return calls;
    }

    /** Translates the statements; true when the block always ends in a return or throw. */
    boolean block(List<JsonNode> body, Scope scope, JavaWriter out) {
        for (int i = 0; i < body.size(); i++) {
            JsonNode statement = body.get(i);
            if (statement(statement, scope, out)) {
                for (JsonNode after : body.subList(i + 1, body.size())) {
                    warnings.add(after, "a statement after the check's result is decided, which ends the check in Java");
                    out.todo(source.lines(after), "unreachable after the line above in Java");
                }
                return true;
            }
        }
        return false;
    }

    /** One statement, or its TODO; true when it always returns or throws. */
    boolean statement(JsonNode n, Scope scope, JavaWriter out) {
        JavaWriter translated = new JavaWriter();
        notes.clear();
        boolean ends;
        try {
            ends = translate(n, scope, translated);
        } catch (NotConverted e) {
            warnings.add(e.at, e.getMessage());
            out.todo(source.lines(n), e.getMessage());
            return false;
        }
        for (NotConverted note : List.copyOf(notes)) {
            warnings.add(note.at, note.getMessage());
            out.todo(List.of(source.line(note.at)), note.getMessage());
        }
        out.append(translated);
        return ends;
    }

    private boolean translate(JsonNode n, Scope scope, JavaWriter out) {
        switch (Py.type(n)) {
            case "Expr" -> {
                return expressionStatement(n.get("value"), scope, out);
            }
            case "Assign" -> {
                if (n.path("targets").size() != 1) {
                    throw new NotConverted(n, "a chained assignment");
                }
                assign(n.get("targets").get(0), n.get("value"), scope, out);
            }
            case "AnnAssign" -> {
                if (n.path("value").isNull()) {
                    return false;
                }
                assign(n.get("target"), n.get("value"), scope, out);
            }
            case "AugAssign" -> augAssign(n, scope, out);
            case "If" -> {
                return ifStatement(n, scope, out, "");
            }
            case "While" -> {
                if (n.path("orelse").size() > 0) {
                    throw new NotConverted(n, "while ... else");
                }
                out.open("while (" + expressions.condition(n.get("test"), scope) + ")");
                block(Py.list(n, "body"), scope.child(), out);
                out.close();
            }
            case "For" -> forStatement(n, scope, out);
            case "With" -> {
                return with(n, scope, out);
            }
            case "Try" -> {
                return tryStatement(n, scope, out);
            }
            case "Return" -> {
                returnStatement(n, scope, out);
                return true;
            }
            case "Raise" -> {
                return raise(n, scope, out);
            }
            case "Assert" -> {
                String message = n.path("msg").isNull() ? "\"assertion failed\""
                        : "String.valueOf(" + expressions.translate(n.get("msg"), scope).code() + ")";
                out.open("if (!(" + expressions.condition(n.get("test"), scope) + "))");
                out.line("throw new AssertionError(" + message + ");");
                out.close();
            }
            case "Pass", "Import", "ImportFrom" -> { }
            case "Break" -> out.line("break;");
            case "Continue" -> out.line("continue;");
            default -> throw new NotConverted(n, "a Python " + Py.type(n) + " statement");
        }
        return false;
    }

    private boolean expressionStatement(JsonNode value, Scope scope, JavaWriter out) {
        if (Py.string(value).isPresent()) {
            return false; // a docstring
        }
        if (!Py.is(value, "Call")) {
            throw new NotConverted(value, "an expression that does nothing in Java");
        }
        Expr e = expressions.translate(value, scope);
        if (e.type().equals("CheckResult")) {
            out.line("return " + e.code() + ";");
            return true;
        }
        out.line(e.code() + ";");
        return false;
    }

    private void assign(JsonNode target, JsonNode value, Scope scope, JavaWriter out) {
        switch (Py.type(target)) {
            case "Name" -> {
                String name = javaName(target.get("id").asText());
                if (module.constants.containsKey(name) && scope.local(name) == null) {
                    throw new NotConverted(target, "assigning the module variable " + name + " (a static final field in Java)");
                }
                Expr e = value(value, scope);
                String declared = scope.local(name);
                if (declared != null) {
                    out.line(name + " = " + e.code() + ";");
                } else if (e.type().equals("null")) {
                    scope.locals.put(name, Expr.OBJECT);
                    out.line("Object " + name + " = null;");
                } else {
                    scope.locals.put(name, e.type());
                    out.line("var " + name + " = " + e.code() + ";");
                }
            }
            case "Attribute" -> {
                if (!expressions.isSelf(target.get("value"), scope) || scope.owner == null) {
                    throw new NotConverted(target, "assigning an attribute of another object");
                }
                String attr = target.get("attr").asText();
                Expr e = value(value, scope);
                scope.owner.fields.merge(attr, Expr.boxed(e.type()), (old, now) -> old);
                out.line(attr + " = " + e.code() + ";");
            }
            case "Subscript" -> {
                Expr of = expressions.translate(target.get("value"), scope);
                Expr key = expressions.translate(target.get("slice"), scope);
                Expr e = value(value, scope);
                if (of.isMap()) {
                    out.line(of.operand() + ".put(" + key.code() + ", " + e.code() + ");");
                } else if (of.isList()) {
                    out.line(of.operand() + ".set(" + key.code() + ", " + e.code() + ");");
                } else {
                    throw new NotConverted(target, "assigning into a " + of.type());
                }
            }
            case "Tuple", "List" -> {
                Expr e = value(value, scope);
                if (!e.isList()) {
                    throw new NotConverted(target, "unpacking a " + e.type());
                }
                String tuple = "tuple" + Py.line(target);
                out.line("var " + tuple + " = " + e.code() + ";");
                scope.locals.put(tuple, e.type());
                List<JsonNode> names = Py.list(target, "elts");
                for (int i = 0; i < names.size(); i++) {
                    if (!Py.is(names.get(i), "Name")) {
                        throw new NotConverted(names.get(i), "unpacking into a " + Py.type(names.get(i)));
                    }
                    String name = javaName(names.get(i).get("id").asText());
                    scope.locals.put(name, e.elementType());
                    out.line("var " + name + " = " + tuple + ".get(" + i + ");");
                }
            }
            default -> throw new NotConverted(target, "assigning to a " + Py.type(target));
        }
    }

    /** A value to store: in a shape's tick(), a pair (users, spawn rate) is a Target. */
    private Expr value(JsonNode value, Scope scope) {
        if (scope.inTick && Py.is(value, "Tuple") && value.path("elts").size() == 2) {
            return target(value, scope);
        }
        Expr e = expressions.translate(value, scope);
        if (e.type().equals("void")) {
            throw new NotConverted(value, "a call that returns nothing in Java, used as a value");
        }
        return e;
    }

    private Expr target(JsonNode tuple, Scope scope) {
        Expr users = expressions.translate(tuple.get("elts").get(0), scope);
        Expr rate = expressions.translate(tuple.get("elts").get(1), scope);
        String u = users.type().equals("int") ? users.code() : "(int) " + (users.type().equals("Integer") ? users.operand() : "Math.round(" + users.code() + ")");
        return new Expr("target(" + u + ", " + rate.code() + ")", "Target");
    }

    private void augAssign(JsonNode n, Scope scope, JavaWriter out) {
        String op = switch (Py.type(n.get("op"))) {
            case "Add" -> "+=";
            case "Sub" -> "-=";
            case "Mult" -> "*=";
            default -> throw new NotConverted(n, "the operator " + Py.type(n.get("op")) + "=");
        };
        if (Py.is(n.get("target"), "Subscript")) {
            throw new NotConverted(n, op + " on an item of a list or dict");
        }
        Expr target = expressions.translate(n.get("target"), scope);
        Expr value = expressions.translate(n.get("value"), scope);
        if (target.isList() && op.equals("+=")) {
            out.line(target.operand() + ".addAll(" + value.code() + ");");
            return;
        }
        if (!(target.isNumber() && value.isNumber()) && !(target.isString() && value.isString())) {
            throw new NotConverted(n, op + " on a " + target.type());
        }
        if (module.constants.containsKey(target.code())) {
            throw new NotConverted(n, "changing the module variable " + target.code());
        }
        out.line(target.code() + " " + op + " " + value.code() + ";");
    }

    private boolean ifStatement(JsonNode n, Scope scope, JavaWriter out, String prefix) {
        String head = prefix + "if (" + expressions.condition(n.get("test"), scope) + ")";
        if (prefix.isEmpty()) {
            out.open(head);
        } else {
            out.middle("} " + head + " {");
        }
        boolean thenEnds = block(Py.list(n, "body"), scope.child(), out);
        List<JsonNode> orelse = Py.list(n, "orelse");
        boolean elseEnds = false;
        if (orelse.size() == 1 && Py.is(orelse.getFirst(), "If")) {
            elseEnds = ifStatement(orelse.getFirst(), scope, out, "else ");
            return thenEnds && elseEnds;
        }
        if (!orelse.isEmpty()) {
            out.middle("} else {");
            elseEnds = block(orelse, scope.child(), out);
        }
        out.close();
        return thenEnds && elseEnds && !orelse.isEmpty();
    }

    private void forStatement(JsonNode n, Scope scope, JavaWriter out) {
        if (n.path("orelse").size() > 0) {
            throw new NotConverted(n, "for ... else");
        }
        JsonNode target = n.get("target");
        if (!Py.is(target, "Name")) {
            throw new NotConverted(target, "a for loop unpacking into several names");
        }
        String name = target.get("id").asText().equals("_") ? "i" : javaName(target.get("id").asText());
        JsonNode iter = n.get("iter");
        Scope body = scope.child();
        if (Py.is(iter, "Call") && Py.dotted(iter.get("func")).orElse("").equals("range")) {
            List<JsonNode> args = Py.list(iter, "args");
            String from = args.size() > 1 ? expressions.translate(args.get(0), scope).code() : "0";
            String to = expressions.translate(args.get(args.size() > 1 ? 1 : 0), scope).code();
            String step = args.size() > 2 ? expressions.translate(args.get(2), scope).code() : "1";
            body.locals.put(name, "int");
            out.open("for (int " + name + " = " + from + "; " + name + " < " + to + "; "
                    + (step.equals("1") ? name + "++" : name + " += " + step) + ")");
        } else {
            Expr seq = expressions.translate(iter, scope);
            if (seq.isList()) {
                body.locals.put(name, seq.elementType());
                out.open("for (var " + name + " : " + seq.code() + ")");
            } else if (seq.isMap()) {
                body.locals.put(name, "String");
                out.open("for (var " + name + " : " + seq.operand() + ".keySet())");
            } else {
                throw new NotConverted(iter, "a for loop over a " + seq.type());
            }
        }
        block(Py.list(n, "body"), body, out);
        out.close();
    }

    private boolean with(JsonNode n, Scope scope, JavaWriter out) {
        List<JsonNode> items = Py.list(n, "items");
        if (items.size() != 1) {
            throw new NotConverted(n, "a with statement of several items");
        }
        JsonNode context = items.getFirst().get("context_expr");
        JsonNode variable = items.getFirst().get("optional_vars");
        Optional<CallTranslator.Request> request = calls.request(context, scope);
        if (request.isEmpty()) {
            throw new NotConverted(context, "a with block that is not a request of self.client");
        }
        if (variable == null || !Py.is(variable, "Name")) {
            throw new NotConverted(n, "a request's with block without 'as response'");
        }
        String name = javaName(variable.get("id").asText());
        if (!request.get().catchResponse()) {
            scope.locals.put(name, "Response");
            out.line("var " + name + " = " + request.get().code() + ".send();");
            return block(Py.list(n, "body"), scope, out);
        }
        Scope check = scope.child();
        check.locals.put(name, "Response");
        check.checkVariable = name;
        out.line(request.get().code() + ".check(" + name + " -> {");
        out.indent(2);
        boolean decided = block(Py.list(n, "body"), check, out);
        if (!decided) {
            // Locust's default when the block calls neither success() nor failure(): the status decides
            out.line("return " + name + ".status() < 400 ? ok() : fail(\"HTTP \" + " + name + ".status());");
        }
        out.indent(-1);
        out.line("}).send();");
        out.indent(-1);
        return false;
    }

    private boolean tryStatement(JsonNode n, Scope scope, JavaWriter out) {
        List<JsonNode> handlers = Py.list(n, "handlers");
        if (handlers.size() > 1 || n.path("orelse").size() > 0) {
            throw new NotConverted(n, handlers.size() > 1 ? "a try with several except clauses" : "try ... else");
        }
        out.open("try");
        boolean ends = block(Py.list(n, "body"), scope.child(), out);
        if (!handlers.isEmpty()) {
            JsonNode handler = handlers.getFirst();
            String name = handler.path("name").isTextual() ? javaName(handler.get("name").asText()) : "e";
            Scope caught = scope.child();
            caught.locals.put(name, "RuntimeException");
            out.middle("} catch (RuntimeException " + name + ") {");
            ends = block(Py.list(handler, "body"), caught, out) && ends;
        }
        if (n.path("finalbody").size() > 0) {
            out.middle("} finally {");
            block(Py.list(n, "finalbody"), scope.child(), out);
        }
        out.close();
        return ends && !handlers.isEmpty();
    }

    private void returnStatement(JsonNode n, Scope scope, JavaWriter out) {
        JsonNode value = n.get("value");
        if (scope.checkVariable != null) {
            throw new NotConverted(n, "return inside a catch_response block");
        }
        if (scope.inTick) {
            if (value == null || value.isNull() || (Py.is(value, "Constant") && Py.constant(value).isNull())) {
                out.line("return null;");
                return;
            }
            Expr e = value(value, scope);
            if (!e.type().equals("Target")) {
                throw new NotConverted(value, "a tick() answer that is not (users, spawn_rate)");
            }
            out.line("return " + e.code() + ";");
            return;
        }
        if (value == null || value.isNull()) {
            out.line("return;");
            return;
        }
        Expr e = expressions.translate(value, scope);
        scope.returnTypes.add(e.type());
        out.line("return " + e.code() + ";");
    }

    /** True unless it is Locust's InterruptTaskSet, which becomes interrupt() (javac cannot see that it throws). */
    private boolean raise(JsonNode n, Scope scope, JavaWriter out) {
        JsonNode exc = n.get("exc");
        if (exc == null || exc.isNull()) {
            throw new NotConverted(n, "a bare raise");
        }
        String type = Py.dotted(Py.is(exc, "Call") ? exc.get("func") : exc).map(Py::simpleName).orElse("");
        List<JsonNode> args = Py.is(exc, "Call") ? Py.list(exc, "args") : List.of();
        String message = args.isEmpty() ? "" : "String.valueOf(" + expressions.translate(args.getFirst(), scope).code() + ")";
        switch (type) {
            case "StopUser", "StopLocust" -> out.line("throw new StopUser(" + message + ");");
            case "InterruptTaskSet" -> {
                if (scope.owner == null || !scope.owner.isTaskSet()) {
                    throw new NotConverted(n, "InterruptTaskSet outside a task set");
                }
                out.line("interrupt();");
                return false;
            }
            case "Exception", "RuntimeError", "ValueError", "AssertionError" ->
                    out.line("throw new IllegalStateException(" + (message.isEmpty() ? "\"" + type + "\"" : message) + ");");
            default -> throw new NotConverted(n, "raising " + (type.isEmpty() ? "this" : type));
        }
        return true;
    }

    private static final java.util.Set<String> JAVA_KEYWORDS = java.util.Set.of("abstract", "boolean", "byte", "case",
            "catch", "char", "default", "do", "double", "final", "float", "goto", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "short", "static", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "var", "void", "volatile", "const", "enum", "record");

    static String javaName(String python) {
        return JAVA_KEYWORDS.contains(python) ? python + "_" : python;
    }
}
