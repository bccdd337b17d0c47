package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a locustfile's syntax tree into one Java scenario: a public class named after the file, holding the user
 * classes, task sets and load shape as static nested classes, the module's constants as static fields and its event
 * listeners as test hooks. Both Locust APIs are read: 0.x (HttpLocust, task_set, min_wait/max_wait) and 1.x/2.x.
 */
public final class LocustfileConverter {
    private static final Set<String> USER_BASES = Set.of("HttpUser", "FastHttpUser", "HttpLocust", "FastHttpLocust");
    private static final Set<String> PLAIN_USER_BASES = Set.of("User", "Locust");
    private static final Set<String> TASK_SET_BASES = Set.of("TaskSet");
    private static final Set<String> SEQUENCE_BASES = Set.of("SequentialTaskSet", "TaskSequence");
    /** Names the generated code uses unqualified: a Python class of that name is renamed. */
    private static final Set<String> TAKEN = Set.of("HttpUser", "User", "TaskSet", "SequentialTaskSet", "Task", "Tag",
            "Weight", "FixedCount", "LoadShape", "WaitTime", "OnTestStart", "OnTestStop", "OnRequest", "RequestEvent",
            "StopUser", "Duration", "List", "Map", "ArrayList", "Objects", "UUID", "ThreadLocalRandom", "Math", "String",
            "Object", "Integer", "Double", "Long", "Boolean", "System", "Target", "Stage", "Response", "Http", "Request");

    /** The converted scenario: its class name, source and what was not converted. */
    public record Result(String className, String source, List<String> warnings, int userClasses) {}

    private final String fileName;
    private final PythonSource source;
    private final ConversionWarnings warnings;
    private final ModuleNames module = new ModuleNames();
    private final StatementTranslator statements;
    private final Map<String, JsonNode> classDefs = new LinkedHashMap<>();
    private final Map<String, JavaClass.Kind> kinds = new HashMap<>();
    private final Map<String, JsonNode> functions = new LinkedHashMap<>();
    /** Module functions registered as listeners: name -> Locust event. */
    private final Map<String, String> listeners = new LinkedHashMap<>();
    private final Set<String> taskFunctions = new HashSet<>();
    private String scenarioClass;
    private int userClasses;

    private LocustfileConverter(String fileName, String text) {
        this.fileName = fileName;
        this.source = new PythonSource(text);
        this.warnings = new ConversionWarnings(fileName);
        this.statements = new StatementTranslator(module, warnings, source);
    }

    /** Converts the module tree of the locustfile {@code fileName} whose text is {@code text}. */
    public static Result convert(String fileName, String text, JsonNode moduleTree) throws ConvertException {
        return new LocustfileConverter(fileName, text).run(moduleTree);
    }

    private Result run(JsonNode tree) throws ConvertException {
        List<JsonNode> body = Py.list(tree, "body");
        for (JsonNode n : body) {
            if (Py.is(n, "ClassDef")) {
                classDefs.put(n.get("name").asText(), n);
            } else if (Py.is(n, "FunctionDef")) {
                functions.put(n.get("name").asText(), n);
            }
        }
        classify();
        if (kinds.values().stream().noneMatch(k -> k == JavaClass.Kind.USER)) {
            throw new ConvertException(fileName + ": no user class (a class extending HttpUser, FastHttpUser, User "
                    + "or 0.x's HttpLocust/Locust): nothing to convert");
        }
        scenarioClass = javaClassName(fileName);
        for (String python : classDefs.keySet()) {
            module.classes.put(python, javaName(python));
        }
        findListenersAndTasks(body);

        JavaWriter members = new JavaWriter();

        constants(body, members);
        for (JsonNode n : body) {
            switch (Py.type(n)) {
                case "FunctionDef" -> function(n, members);
                case "ClassDef" -> {
                    if (kinds.containsKey(n.get("name").asText())) {
                        members.line("");
                        classDef(n, members, null, null);
                    } else {
                        notConverted(n, "the class " + n.get("name").asText() + " (not a user, task set or load shape)", members);
                    }
                }
                case "Assign", "AnnAssign", "Import", "ImportFrom", "Expr" -> moduleStatement(n, members);
                case "AugAssign" -> {
                    if (listenerOf(n).isEmpty()) {
                        notConverted(n, "changing a module variable", members);
                    }
                }
                case "If" -> {
                    if (!isMainGuard(n)) {
                        notConverted(n, "module-level code", members);
                    }
                }
                default -> notConverted(n, "module-level code", members);
            }
        }
        JavaWriter out = new JavaWriter();
        out.line("// Converted from " + Path.of(fileName).getFileName() + " by barrage convert. Parts not converted are marked TODO(convert).");
        out.line("import dev.barrage.scenario.*;");
        out.line("import java.time.Duration;");
        out.line("import java.util.ArrayList;");
        out.line("import java.util.List;");
        out.line("import java.util.Map;");
        out.line("import java.util.Objects;");
        out.line("import java.util.UUID;");
        out.line("import java.util.concurrent.ThreadLocalRandom;");
        out.line("");
        out.open("public class " + scenarioClass);
        out.append(members);
        out.close();
        return new Result(scenarioClass, out.toString(), warnings.lines(), userClasses);
    }

    private void classify() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : classDefs.entrySet()) {
                if (kinds.containsKey(e.getKey())) {
                    continue;
                }
                for (JsonNode base : e.getValue().path("bases")) {
                    String name = Py.dotted(base).map(Py::simpleName).orElse("");
                    JavaClass.Kind kind = USER_BASES.contains(name) || PLAIN_USER_BASES.contains(name) ? JavaClass.Kind.USER
                            : TASK_SET_BASES.contains(name) ? JavaClass.Kind.TASK_SET
                            : SEQUENCE_BASES.contains(name) ? JavaClass.Kind.SEQUENTIAL_TASK_SET
                            : name.equals("LoadTestShape") ? JavaClass.Kind.SHAPE
                            : kinds.get(name);
                    if (kind != null) {
                        kinds.put(e.getKey(), kind);
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /** Locust event listeners (decorators, add_listener calls, 0.x's +=) and functions named in a tasks list. */
    private void findListenersAndTasks(List<JsonNode> body) {
        for (JsonNode n : body) {
            if (Py.is(n, "FunctionDef")) {
                for (JsonNode d : n.path("decorator_list")) {
                    eventOf(d).ifPresent(event -> listeners.put(n.get("name").asText(), event));
                }
            }
            listenerOf(n).ifPresent(pair -> listeners.put(pair[1], pair[0]));
        }
        for (JsonNode c : classDefs.values()) {
            collectTaskFunctions(c);
        }
    }

    private void collectTaskFunctions(JsonNode classDef) {
        for (JsonNode n : classDef.path("body")) {
            if (Py.is(n, "Assign") && targetName(n).equals("tasks")) {
                JsonNode v = n.get("value");
                List<JsonNode> items = Py.is(v, "Dict") ? Py.list(v, "keys") : Py.list(v, "elts");
                for (JsonNode item : items) {
                    if (Py.is(item, "Name") && functions.containsKey(item.get("id").asText())) {
                        taskFunctions.add(item.get("id").asText());
                    }
                }
            } else if (Py.is(n, "ClassDef")) {
                collectTaskFunctions(n);
            }
        }
    }

    /** {@code @events.test_start.add_listener} -> "test_start". */
    private static Optional<String> eventOf(JsonNode decorator) {
        String d = Py.dotted(decorator).orElse("");
        String[] parts = d.split("\\.");
        if (parts.length >= 3 && parts[parts.length - 1].equals("add_listener") && parts[parts.length - 3].equals("events")) {
            return Optional.of(parts[parts.length - 2]);
        }
        return Optional.empty();
    }

    /** {@code events.request_failure += f} or {@code events.request.add_listener(f)}: {event, function}. */
    private static Optional<String[]> listenerOf(JsonNode n) {
        if (Py.is(n, "AugAssign") && Py.is(n.get("op"), "Add") && Py.is(n.get("value"), "Name")) {
            String target = Py.dotted(n.get("target")).orElse("");
            if (target.contains("events.") || target.startsWith("request_") || target.equals("locust_start_hatching")) {
                return Optional.of(new String[] {Py.simpleName(target), n.get("value").get("id").asText()});
            }
        }
        if (Py.is(n, "Expr") && Py.is(n.get("value"), "Call")) {
            JsonNode call = n.get("value");
            Optional<String> event = eventOf(call.get("func"));
            if (event.isPresent() && call.path("args").size() == 1 && Py.is(call.get("args").get(0), "Name")) {
                return Optional.of(new String[] {event.get(), call.get("args").get(0).get("id").asText()});
            }
        }
        return Optional.empty();
    }

    private static boolean isMainGuard(JsonNode n) {
        JsonNode test = n.get("test");
        return Py.is(test, "Compare") && Py.dotted(test.get("left")).orElse("").equals("__name__");
    }

    private void constants(List<JsonNode> body, JavaWriter out) {
        Scope scope = new Scope(null, Set.of());
        for (JsonNode n : body) {
            if (!(Py.is(n, "Assign") || Py.is(n, "AnnAssign")) || targetName(n).isEmpty()) {
                continue;
            }
            String name = targetName(n);
            if (n.path("value").isNull() || Py.is(n.get("value"), "Call") && isWaitFunction(n.get("value"))) {
                continue;
            }
            try {
                Expr e = statements.expressions().translate(n.get("value"), scope);
                out.line("static final " + (e.type().equals("null") ? "Object" : e.type()) + " " + name + " = " + e.code() + ";");
                module.constants.put(name, e.type().equals("null") ? Expr.OBJECT : e.type());
            } catch (NotConverted e) {
                notConverted(e.at, e.getMessage(), n, out);
            }
        }
    }

    private void moduleStatement(JsonNode n, JavaWriter out) {
        if (Py.is(n, "Import") || Py.is(n, "ImportFrom") || Py.is(n, "Assign") && !targetName(n).isEmpty()
                || Py.is(n, "AnnAssign") && !targetName(n).isEmpty()) {
            return; // imports need no translation; constants are done
        }
        if (Py.is(n, "Expr") && (Py.string(n.get("value")).isPresent() || listenerOf(n).isPresent())) {
            return;
        }
        notConverted(n, "module-level code", out);
    }

    private static String targetName(JsonNode assign) {
        JsonNode target = Py.is(assign, "Assign") ? (assign.path("targets").size() == 1 ? assign.get("targets").get(0) : null)
                : assign.get("target");
        return target != null && Py.is(target, "Name") ? target.get("id").asText() : "";
    }

    private void function(JsonNode n, JavaWriter out) {
        String name = n.get("name").asText();
        String event = listeners.get(name);
        if (event != null) {
            hook(n, event, out);
            return;
        }
        if (taskFunctions.contains(name)) {
            return; // written into each class that names it in its tasks
        }
        out.line("");
        helper(n, null, true, out);
    }

    private void hook(JsonNode n, String event, JavaWriter out) {
        Scope scope = new Scope(null, Set.of());
        String annotation;
        String parameters = "";
        String filter = null;
        switch (event) {
            case "test_start", "locust_start_hatching", "hatch_complete", "spawning_complete" -> annotation = "@OnTestStart";
            case "test_stop", "quitting", "locust_stop_hatching" -> annotation = "@OnTestStop";
            case "request", "request_success", "request_failure" -> {
                annotation = "@OnRequest";
                parameters = "RequestEvent event";
                scope.hookParameters = Scope.requestEventParameters();
                filter = event.equals("request_success") ? "event.ok()" : event.equals("request_failure") ? "!event.ok()" : null;
            }
            default -> {
                notConverted(n, "a listener of events." + event + " (Barrage hooks: test_start, test_stop, request)", out);
                return;
            }
        }
        out.line("");
        out.line(annotation);
        out.open("static void " + n.get("name").asText() + "(" + parameters + ")");
        if (filter != null) {
            out.open("if (" + filter + ")");
        }
        statements.block(Py.list(n, "body"), scope, out);
        if (filter != null) {
            out.close();
        }
        out.close();
    }

    /** A function that is not a task: a method (or a static method at module level) with Object parameters. */
    private void helper(JsonNode n, JavaClass owner, boolean isStatic, JavaWriter out) {
        String name = n.get("name").asText();
        List<JsonNode> args = Py.list(n.get("args"), "args");
        Set<String> self = !isStatic && !args.isEmpty() ? Set.of(args.getFirst().get("arg").asText()) : Set.of();
        Scope scope = new Scope(owner, self);
        List<String> parameters = new ArrayList<>();
        for (JsonNode a : args.subList(self.isEmpty() ? 0 : 1, args.size())) {
            String p = StatementTranslator.javaName(a.get("arg").asText());
            scope.locals.put(p, Expr.OBJECT);
            parameters.add("Object " + p);
        }
        JavaWriter body = new JavaWriter();
        statements.block(Py.list(n, "body"), scope, body);
        String returnType = scope.returnTypes.isEmpty() ? "void" : scope.returnTypes.stream().reduce(Expr::unify).orElseThrow();
        if (returnType.equals("null")) {
            returnType = "Object";
        }
        if (owner != null) {
            owner.methods.put(name, returnType);
        } else {
            module.functions.put(name, returnType);
        }
        out.open((isStatic ? "static " : "") + returnType + " " + name + "(" + String.join(", ", parameters) + ")");
        out.append(body);
        out.close();
    }

    /**
     * A class: a user, a task set or a shape. {@code nestedIn} is the user or task set holding it (inline, or by
     * name in its tasks), {@code weight} its task weight there.
     */
    private void classDef(JsonNode n, JavaWriter out, JavaClass nestedIn, String weight) {
        String python = n.get("name").asText();
        JavaClass.Kind kind = kinds.get(python);
        JavaClass cls = new JavaClass(python, javaName(python), kind);
        List<JsonNode> body = Py.list(n, "body");
        String base = Py.list(n, "bases").stream().map(b -> Py.dotted(b).map(Py::simpleName).orElse(""))
                .filter(kinds::containsKey).findFirst().map(this::javaName).orElse(null);
        boolean legacy = Py.list(n, "bases").stream().anyMatch(b -> Py.dotted(b).orElse("").endsWith("Locust"));
        boolean abstractClass = body.stream().anyMatch(s -> Py.is(s, "Assign") && targetName(s).equals("abstract")
                && Py.constant(s.get("value")).asBoolean());
        boolean sharedTaskSet = cls.isTaskSet() && nestedIn == null;
        if (base != null && classDefs.containsKey(base) && kinds.get(base) == kind) {
            inheritFields(classDefs.get(base), cls);
        }

        List<String> annotations = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        JavaWriter members = new JavaWriter();

        Map<String, Integer> taskWeights = new LinkedHashMap<>();
        List<JsonNode> taskItems = new ArrayList<>();
        Map<JsonNode, String> itemWeights = new HashMap<>();
        Integer minWait = null;
        Integer maxWait = null;
        String waitTime = null;

        for (JsonNode s : body) {
            if (!(Py.is(s, "Assign") || Py.is(s, "AnnAssign")) || targetName(s).isEmpty() || s.path("value").isNull()) {
                continue;
            }
            String attr = targetName(s);
            JsonNode value = s.get("value");
            switch (attr) {
                case "wait_time" -> waitTime = waitTime(value, s, members);
                case "min_wait" -> minWait = intValue(value, s, members);
                case "max_wait" -> maxWait = intValue(value, s, members);
                case "host" -> comments.add("Locust's host: " + Py.string(value).orElse(source.line(s))
                        + " (pass it to barrage run with -H)");
                case "weight" -> annotations.add("@Weight(" + intValue(value, s, members) + ")");
                case "fixed_count" -> annotations.add("@FixedCount(" + intValue(value, s, members) + ")");
                case "abstract" -> { }
                case "hatch_rate" -> comments.add("Locust's " + attr + ": " + source.line(s)
                        + " (pass it to barrage run with -r)");
                case "tasks" -> {
                    if (Py.is(value, "Dict")) {
                        List<JsonNode> keys = Py.list(value, "keys");
                        List<JsonNode> values = Py.list(value, "values");
                        for (int i = 0; i < keys.size(); i++) {
                            taskItems.add(keys.get(i));
                            itemWeights.put(keys.get(i), String.valueOf(intValue(values.get(i), s, members)));
                        }
                    } else if (Py.is(value, "List") || Py.is(value, "Tuple")) {
                        taskItems.addAll(Py.list(value, "elts"));
                    } else {
                        notConverted(value, "tasks that are not a list or a dict", s, members);
                    }
                }
                case "task_set" -> taskItems.add(value);
                default -> classAttribute(cls, attr, value, s, members);
            }
        }
        if (waitTime == null && (minWait != null || maxWait != null)) {
            int min = minWait != null ? minWait : 1000;
            int max = maxWait != null ? maxWait : 1000;
            waitTime = min == max ? "constant(Duration.ofMillis(" + min + "))"
                    : "between(Duration.ofMillis(" + min + "), Duration.ofMillis(" + max + "))";
        } else if (waitTime == null && legacy && kind == JavaClass.Kind.USER) {
            waitTime = "constant(Duration.ofSeconds(1))"; // Locust 0.x's default min_wait = max_wait = 1000 ms
        }
        if (waitTime != null) {
            members.line("@Override");
            members.open("protected WaitTime waitTime()");
            members.line("return " + waitTime + ";");
            members.close();
        }

        // helpers and start first, so that the fields and methods they define are known to the tasks
        Map<JsonNode, JavaWriter> translated = new LinkedHashMap<>();
        List<JsonNode> functionsHere = body.stream().filter(s -> Py.is(s, "FunctionDef")).toList();
        List<JsonNode> order = new ArrayList<>();
        functionsHere.stream().filter(f -> f.get("name").asText().equals("__init__")).forEach(order::add);
        functionsHere.stream().filter(f -> f.get("name").asText().equals("on_start")).forEach(order::add);
        functionsHere.stream().filter(f -> taskWeight(f).isEmpty() && !order.contains(f)).forEach(order::add);
        functionsHere.stream().filter(f -> !order.contains(f)).forEach(order::add);
        Map<String, Integer> listedMethods = new HashMap<>();
        for (JsonNode item : taskItems) {
            if (Py.is(item, "Name") && functionsHere.stream().anyMatch(f -> f.get("name").asText().equals(item.get("id").asText()))) {
                listedMethods.merge(item.get("id").asText(), Integer.parseInt(itemWeights.getOrDefault(item, "1")), Integer::sum);
            }
        }
        for (JsonNode f : order) {
            JavaWriter w = new JavaWriter();
            Integer listed = listedMethods.get(f.get("name").asText());
            method(f, cls, w, listed);
            translated.put(f, w);
        }
        // tasks named in tasks = [...] / {...} / task_set =, in their order
        int lambdas = 0;
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JsonNode item : taskItems) {
            String w = itemWeights.getOrDefault(item, "1");
            if (Py.is(item, "Name")) {
                seen.merge(item.get("id").asText(), Integer.parseInt(w), Integer::sum);
            } else if (Py.is(item, "Lambda")) {
                lambdas++;
                lambdaTask(item, cls, members, w, lambdas);
            } else {
                notConverted(item, "a task that is not a function or a task set", item, members);
            }
        }
        for (var e : seen.entrySet()) {
            String name = e.getKey();
            String w = String.valueOf(e.getValue());
            if (functions.containsKey(name)) {
                JavaWriter m = new JavaWriter();
                taskFunction(functions.get(name), cls, m, w);
                members.append(m);
            } else if (classDefs.containsKey(name) && isTaskSet(name)) {
                members.line("");
                members.line("@Task" + weightArgument(w));
                members.line("static class " + javaName(name) + " extends " + scenarioClass + "." + javaName(name) + " {}");
            } else if (!listedMethods.containsKey(name) && !nestedClassNamed(body, name)) {
                notConverted(item(taskItems, name), "the task " + name + " (not a function, a method or a task set of this file)", item(taskItems, name), members);
            }
        }
        for (JsonNode s : body) {
            if (Py.is(s, "FunctionDef")) {
                members.append(translated.get(s));
            } else if (Py.is(s, "ClassDef")) {
                String inner = s.get("name").asText();
                if (kinds.containsKey(inner) || classDefs.containsKey(inner)) {
                    String w = seen.containsKey(inner) ? String.valueOf(seen.get(inner)) : taskWeight(s).orElse(null);
                    members.line("");
                    classDef(s, members, cls, w);
                } else {
                    Optional<JavaClass.Kind> innerKind = innerKind(s);
                    if (innerKind.isPresent()) {
                        kinds.put(inner, innerKind.get());
                        String w = seen.containsKey(inner) ? String.valueOf(seen.get(inner)) : taskWeight(s).orElse(null);
                        members.line("");
                        classDef(s, members, cls, w);
                    } else {
                        notConverted(s, "the nested class " + inner, members);
                    }
                }
            } else if (!(Py.is(s, "Assign") || Py.is(s, "AnnAssign") || Py.is(s, "Pass")
                    || Py.is(s, "Expr") && Py.string(s.get("value")).isPresent())) {
                notConverted(s, "a statement in a class body", members);
            }
        }

        // the class itself
        JavaWriter header = new JavaWriter();
        for (String c : comments) {
            header.line("// " + c);
        }
        if (weight != null) {
            header.line("@Task" + weightArgument(weight));
        }
        for (JsonNode d : n.path("decorator_list")) {
            tags(d).ifPresent(header::line);
        }
        for (String a : annotations) {
            header.line(a);
        }
        String javaBase = base != null ? javaName(base) : switch (kind) {
            case USER -> Py.list(n, "bases").stream().anyMatch(b -> PLAIN_USER_BASES.contains(Py.dotted(b).map(Py::simpleName).orElse("")))
                    ? "User" : "HttpUser";
            case TASK_SET -> "TaskSet";
            case SEQUENTIAL_TASK_SET -> "SequentialTaskSet";
            case SHAPE -> "LoadShape";
        };
        if (kind == JavaClass.Kind.USER && !abstractClass) {
            userClasses++;
        }
        String modifiers = (nestedIn == null ? "public " : "") + (abstractClass || sharedTaskSet ? "abstract " : "") + "static ";
        out.append(header);
        out.open(modifiers + "class " + cls.javaName + " extends " + javaBase);
        for (var f : cls.fields.entrySet()) {
            String init = cls.initializers.get(f.getKey());
            if (init != null || !inheritedField(n, f.getKey())) {
                out.line(f.getValue() + " " + f.getKey() + (init != null ? " = " + init : "") + ";");
            }
        }
        if (!cls.fields.isEmpty()) {
            out.line("");
        }
        out.append(members);
        out.close();
    }

    private final Map<String, Set<String>> inheritedFields = new HashMap<>();

    private void inheritFields(JsonNode baseDef, JavaClass cls) {
        // a subclass sees the fields its base class assigns; they are declared once, in the base
        Set<String> names = new HashSet<>();
        for (JsonNode s : baseDef.path("body")) {
            if (Py.is(s, "FunctionDef")) {
                collectSelfAssignments(s, names);
            }
        }
        inheritedFields.put(cls.pythonName, names);
        for (String name : names) {
            cls.fields.put(name, Expr.OBJECT);
        }
    }

    private boolean inheritedField(JsonNode n, String field) {
        return inheritedFields.getOrDefault(n.get("name").asText(), Set.of()).contains(field);
    }

    private static void collectSelfAssignments(JsonNode n, Set<String> names) {
        if (n.isObject()) {
            if (Py.is(n, "Attribute") && Py.is(n.path("ctx"), "Store")) {
                names.add(n.get("attr").asText());
            }
            n.forEach(child -> collectSelfAssignments(child, names));
        } else if (n.isArray()) {
            n.forEach(child -> collectSelfAssignments(child, names));
        }
    }

    private Optional<JavaClass.Kind> innerKind(JsonNode classDef) {
        for (JsonNode base : classDef.path("bases")) {
            String name = Py.dotted(base).map(Py::simpleName).orElse("");
            if (TASK_SET_BASES.contains(name)) {
                return Optional.of(JavaClass.Kind.TASK_SET);
            }
            if (SEQUENCE_BASES.contains(name)) {
                return Optional.of(JavaClass.Kind.SEQUENTIAL_TASK_SET);
            }
        }
        return Optional.empty();
    }

    private static boolean nestedClassNamed(List<JsonNode> body, String name) {
        return body.stream().anyMatch(s -> Py.is(s, "ClassDef") && s.get("name").asText().equals(name));
    }

    private static JsonNode item(List<JsonNode> items, String name) {
        return items.stream().filter(i -> Py.is(i, "Name") && i.get("id").asText().equals(name)).findFirst().orElseThrow();
    }

    private boolean isTaskSet(String python) {
        JavaClass.Kind k = kinds.get(python);
        return k == JavaClass.Kind.TASK_SET || k == JavaClass.Kind.SEQUENTIAL_TASK_SET;
    }

    private void classAttribute(JavaClass cls, String attr, JsonNode value, JsonNode statement, JavaWriter out) {
        Scope scope = new Scope(cls, Set.of());
        try {
            Expr e = statements.expressions().translate(value, scope);
            String type = e.type().equals("null") ? Expr.OBJECT : e.type();
            cls.fields.put(attr, type);
            cls.initializers.put(attr, e.code());
        } catch (NotConverted e) {
            notConverted(e.at, "the class attribute " + attr + ": " + e.getMessage(), statement, out);
        }
    }

    private String waitTime(JsonNode value, JsonNode statement, JavaWriter out) {
        if (Py.is(value, "Call")) {
            String fn = Py.dotted(value.get("func")).map(Py::simpleName).orElse("");
            List<JsonNode> args = Py.list(value, "args");
            Scope scope = new Scope(null, Set.of());
            try {
                switch (fn) {
                    case "between" -> {
                        return "between(" + statements.calls().duration(args.get(0), scope) + ", "
                                + statements.calls().duration(args.get(1), scope) + ")";
                    }
                    case "constant" -> {
                        return "constant(" + statements.calls().duration(args.get(0), scope) + ")";
                    }
                    case "constant_pacing" -> {
                        return "constantPacing(" + statements.calls().duration(args.get(0), scope) + ")";
                    }
                    case "constant_throughput" -> {
                        return "constantThroughput(" + statements.expressions().translate(args.get(0), scope).code() + ")";
                    }
                    default -> { }
                }
            } catch (NotConverted | IndexOutOfBoundsException e) {
                // falls through to the TODO below
            }
        }
        notConverted(value, "this wait_time (Barrage has between, constant, constant_pacing and constant_throughput)", statement, out);
        return null;
    }

    private static boolean isWaitFunction(JsonNode call) {
        String fn = Py.dotted(call.get("func")).map(Py::simpleName).orElse("");
        return Set.of("between", "constant", "constant_pacing", "constant_throughput").contains(fn);
    }

    private Integer intValue(JsonNode value, JsonNode statement, JavaWriter out) {
        Optional<Double> v = Py.number(value);
        if (v.isPresent() && v.get() == Math.rint(v.get())) {
            return v.get().intValue();
        }
        notConverted(value, "a value that is not a whole number", statement, out);
        return 1;
    }

    /** @task -> "", @task(3) -> "3"; 0.x's @seq_task(n) -> "" (the order is the source order). */
    private static Optional<String> taskWeight(JsonNode function) {
        for (JsonNode d : function.path("decorator_list")) {
            JsonNode f = Py.is(d, "Call") ? d.get("func") : d;
            String name = Py.dotted(f).map(Py::simpleName).orElse("");
            if (name.equals("task")) {
                if (Py.is(d, "Call") && d.path("args").size() > 0) {
                    return Optional.of(Py.number(d.get("args").get(0)).map(x -> String.valueOf(x.intValue())).orElse("1"));
                }
                JsonNode w = Py.is(d, "Call") ? Py.keyword(d, "weight") : null;
                return Optional.of(w != null ? Py.number(w).map(x -> String.valueOf(x.intValue())).orElse("1") : "1");
            }
            if (name.equals("seq_task")) {
                return Optional.of("1");
            }
        }
        return Optional.empty();
    }

    private static String weightArgument(String weight) {
        return weight == null || weight.equals("1") ? "" : "(" + weight + ")";
    }

    /** @tag("a", "b") -> @Tag({"a", "b"}). */
    private static Optional<String> tags(JsonNode decorator) {
        if (!Py.is(decorator, "Call") || !Py.dotted(decorator.get("func")).map(Py::simpleName).orElse("").equals("tag")) {
            return Optional.empty();
        }
        List<String> names = Py.list(decorator, "args").stream().map(a -> Py.string(a).map(ExpressionTranslator::quote).orElse("\"?\"")).toList();
        return Optional.of(names.size() == 1 ? "@Tag(" + names.getFirst() + ")" : "@Tag({" + String.join(", ", names) + "})");
    }

    private void method(JsonNode f, JavaClass cls, JavaWriter out, Integer listedWeight) {
        String name = f.get("name").asText();
        List<JsonNode> args = Py.list(f.get("args"), "args");
        Set<String> self = args.isEmpty() ? Set.of() : Set.of(args.getFirst().get("arg").asText());
        Optional<String> weight = taskWeight(f).or(() -> Optional.ofNullable(listedWeight).map(String::valueOf));
        for (JsonNode d : f.path("decorator_list")) {
            String dn = Py.dotted(Py.is(d, "Call") ? d.get("func") : d).map(Py::simpleName).orElse("");
            if (!Set.of("task", "tag", "seq_task").contains(dn)) {
                warnings.add(d, "the decorator @" + dn + " (the method is converted without it)");
                out.todo(List.of(source.line(d)), "the decorator is not converted");
            }
        }
        Scope scope = new Scope(cls, self);
        out.line("");
        switch (name) {
            case "on_start", "on_stop" -> {
                out.line("@Override");
                out.open("public void " + (name.equals("on_start") ? "onStart" : "onStop") + "()");
                statements.block(Py.list(f, "body"), scope, out);
                out.close();
                return;
            }
            case "__init__" -> {
                out.open("public " + cls.javaName + "()");
                List<JsonNode> body = Py.list(f, "body").stream().filter(s -> !isSuperInit(s)).toList();
                statements.block(body, scope, out);
                out.close();
                return;
            }
            case "tick" -> {
                if (cls.kind == JavaClass.Kind.SHAPE) {
                    scope.inTick = true;
                    out.line("@Override");
                    out.open("public Target tick()");
                    if (!statements.block(Py.list(f, "body"), scope, out)) {
                        out.line("return null;");
                    }
                    out.close();
                    return;
                }
            }
            default -> { }
        }
        if (weight.isPresent()) {
            for (JsonNode d : f.path("decorator_list")) {
                tags(d).ifPresent(out::line);
            }
            out.line("@Task" + weightArgument(weight.get()));
            out.open("void " + StatementTranslator.javaName(name) + "()");
            statements.block(Py.list(f, "body"), scope, out);
            out.close();
            return;
        }
        helper(f, cls, false, out);
    }

    private void taskFunction(JsonNode f, JavaClass cls, JavaWriter out, String weight) {
        List<JsonNode> args = Py.list(f.get("args"), "args");
        Set<String> self = args.isEmpty() ? Set.of() : Set.of(args.getFirst().get("arg").asText());
        out.line("");
        out.line("@Task" + weightArgument(weight));
        out.open("void " + StatementTranslator.javaName(f.get("name").asText()) + "()");
        statements.block(Py.list(f, "body"), new Scope(cls, self), out);
        out.close();
    }

    private void lambdaTask(JsonNode lambda, JavaClass cls, JavaWriter out, String weight, int index) {
        List<JsonNode> args = Py.list(lambda.get("args"), "args");
        Set<String> self = args.isEmpty() ? Set.of() : Set.of(args.getFirst().get("arg").asText());
        out.line("");
        out.line("@Task" + weightArgument(weight));
        out.open("void task" + index + "()");
        ObjectNodeStatement expr = new ObjectNodeStatement(lambda);
        statements.statement(expr.node(), new Scope(cls, self), out);
        out.close();
    }

    /** A lambda's body as an expression statement, so that it is translated like one. */
    private record ObjectNodeStatement(JsonNode lambda) {
        JsonNode node() {
            var n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            n.put("_type", "Expr");
            n.set("lineno", lambda.get("lineno"));
            n.set("col_offset", lambda.get("col_offset"));
            n.set("end_lineno", lambda.get("end_lineno"));
            n.set("value", lambda.get("body"));
            return n;
        }
    }

    private static boolean isSuperInit(JsonNode s) {
        return Py.is(s, "Expr") && Py.is(s.get("value"), "Call")
                && Py.is(s.get("value").get("func"), "Attribute")
                && s.get("value").get("func").get("attr").asText().equals("__init__");
    }

    private void notConverted(JsonNode n, String reason, JavaWriter out) {
        notConverted(n, reason, n, out);
    }

    private void notConverted(JsonNode at, String reason, JsonNode statement, JavaWriter out) {
        warnings.add(at, reason);
        out.todo(source.lines(statement), reason);
    }

    private String javaName(String python) {
        String name = StatementTranslator.javaName(python);
        return TAKEN.contains(name) || name.equals(scenarioClass) ? name + "_" : name;
    }

    /** locustfile.py -> Locustfile, browse_docs_test.py -> BrowseDocsTest. */
    static String javaClassName(String fileName) {
        String base = fileName.replaceAll(".*[/\\\\]", "").replaceAll("\\.py$", "");
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : base.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        String name = out.isEmpty() || !Character.isJavaIdentifierStart(out.charAt(0)) ? "Scenario" + out : out.toString();
        return name;
    }
}
