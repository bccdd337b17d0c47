package dev.barrage.runner.scenario;

import dev.barrage.runner.scenario.ClassReferences.Kind;
import dev.barrage.runner.scenario.ClassReferences.Reference;
import dev.barrage.runner.scenario.HostedRules.Reason;
import dev.barrage.runner.scenario.HostedRules.Scope;
import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Holds a scenario uploaded to the platform to the {@link HostedRules}, on its compiled classes and on every class of
 * its {@code //DEPS} jars, before any of it runs: each reference to a JDK or scenario API member must be on the allow
 * list; references to the scenario's own classes and its dependencies' are followed up their superclasses to the JDK
 * member they inherit. A refusal in the scenario points at its line and column; one in a dependency names the jar, the
 * class and method, and sits on the {@code //DEPS} line that brought the jar in. A scenario run from one's own
 * machine with {@code barrage run} is not checked, as Locust runs any locustfile.
 */
public final class HostedPolicy {
    /** One refusal, at a line and column (1-based) of one of the scenario's files. */
    public record Violation(String file, long line, long column, String message) {}

    /** A jar of the scenario's dependencies and the {@code //DEPS} line that brought it in. */
    record DependencyJar(Path jar, DependencyLines.Line line) {
        /**
         * Jars resolved elsewhere, each with the line that names it ({@code artifact-version.jar}); a transitive one,
         * which no line names, with the first line.
         */
        static List<DependencyJar> matched(List<Path> jars, DependencyLines lines) {
            return jars.stream().map(jar -> new DependencyJar(jar, lines.lines().stream()
                    .filter(l -> jar.getFileName().toString().startsWith(nameOf(l.coordinates())))
                    .findFirst().orElse(lines.isEmpty() ? new DependencyLines.Line("", 1, "") : lines.lines().getFirst())))
                    .toList();
        }

        private static String nameOf(String coordinates) {
            String[] parts = coordinates.split(":");
            return parts.length >= 3 ? parts[1] + "-" + parts[parts.length - 1] : coordinates;
        }
    }

    /** How many refusals one dependency jar reports before it says how many more it has. */
    static final int PER_JAR = 10;

    private static final Set<String> JDK_PACKAGES = jdkPackages();

    /** A class of the scenario or its dependencies: what it declares and extends. */
    private record Known(String superName, List<String> interfaces, Set<String> methods, Set<String> fields) {}

    /** A closed member that a reference reaches, directly or by inheritance. */
    private record Refusal(String owner, String name, Reason reason) {}

    private final Map<String, Known> known = new HashMap<>();
    private final Map<String, Optional<Reason>> verdicts = new HashMap<>();

    private HostedPolicy() {}

    /** The refusals of a scenario's classes (class file bytes by binary name) and its dependency jars, in file order. */
    static List<Violation> check(Map<String, byte[]> scenarioClasses, ScenarioSources sources, List<DependencyJar> jars)
            throws ScenarioException {
        HostedPolicy policy = new HostedPolicy();
        Map<String, ClassModel> scenario = new LinkedHashMap<>();
        for (byte[] bytes : scenarioClasses.values()) {
            ClassModel model = ClassFile.of().parse(bytes);
            scenario.put(model.thisClass().asInternalName(), model);
            policy.index(model);
        }
        Map<DependencyJar, List<ClassModel>> dependencies = new LinkedHashMap<>();
        for (DependencyJar jar : jars) {
            List<ClassModel> models = readJar(jar.jar(), sources.name());
            models.forEach(policy::index);
            dependencies.put(jar, models);
        }
        List<Violation> found = new ArrayList<>();
        Map<String, SourceColumns> columns = new HashMap<>();
        String first = sources.sources().keySet().iterator().next();
        for (ClassModel model : scenario.values()) {
            // each class is checked against the file it was written in (javac records it in the class file)
            String file = model.findAttribute(Attributes.sourceFile()).map(a -> a.sourceFile().stringValue())
                    .filter(sources.sources()::containsKey).orElse(first);
            policy.checkScenarioClass(model, file, columns.computeIfAbsent(file,
                    f -> new SourceColumns(sources.sources().get(f))), found);
        }
        for (Map.Entry<DependencyJar, List<ClassModel>> jar : dependencies.entrySet()) {
            String code = sources.sources().getOrDefault(jar.getKey().line().file(), "");
            policy.checkDependency(jar.getKey(), jar.getValue(), code.split("\r?\n", -1), found);
        }
        found.sort(Comparator.comparing(Violation::file).thenComparingLong(Violation::line)
                .thenComparingLong(Violation::column));
        return found;
    }

    private void checkScenarioClass(ClassModel model, String file, SourceColumns columns, List<Violation> found) {
        Set<String> places = new HashSet<>();
        for (Reference ref : ClassReferences.of(model)) {
            Optional<Refusal> refusal = refusal(ref, Scope.SCENARIO);
            String shown = ref.kind() != Kind.CREATE ? ref.name()
                    : isKnown(ref.owner()) && !isJdkOrApi(ref.owner()) ? writtenName(ref.owner(), refusal)
                    : innermost(ref.owner());
            int column = columns.column(ref.line(), ref.kind(), shown, ref.handle());
            // new Socket, and not also each call on that socket in the same method
            if (refusal.isPresent() && !(ref.onInstance() && places.contains(ref.inMethod() + ":" + refusal.get().owner()))
                    && places.add(ref.line() + ":" + column)) {
                places.add(ref.inMethod() + ":" + refusal.get().owner());
                found.add(new Violation(file, ref.line(), column, display(ref, refusal.get())
                        + " is not allowed in a hosted scenario: " + refusal.get().reason().text));
            }
        }
    }

    private void checkDependency(DependencyJar jar, List<ClassModel> models, String[] lines, List<Violation> found) {
        Set<String> messages = new LinkedHashSet<>();
        for (ClassModel model : models) {
            String className = model.thisClass().asInternalName().replace('/', '.');
            for (Reference ref : ClassReferences.of(model)) {
                refusal(ref, Scope.DEPENDENCY).ifPresent(r -> messages.add(className + "." + ref.inMethod() + " uses "
                        + qualified(ref, r) + ", which is not allowed in a hosted scenario or its dependencies: "
                        + r.reason().text));
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        String coordinates = jar.line().coordinates();
        String text = jar.line().number() <= lines.length ? lines[jar.line().number() - 1] : "";
        long column = Math.max(0, text.indexOf(coordinates)) + 1;
        String prefix = "//DEPS " + coordinates + ": " + jar.jar().getFileName() + ": ";
        int shown = 0;
        for (String message : messages) {
            if (shown++ == PER_JAR) {
                found.add(new Violation(jar.line().file(), jar.line().number(), column, prefix + "and " + (messages.size() - PER_JAR)
                        + " more uses of APIs a hosted scenario may not use"));
                break;
            }
            found.add(new Violation(jar.line().file(), jar.line().number(), column, prefix + message));
        }
    }

    private record Asked(Scope scope, Kind kind, String owner, String name, String descriptor) {}

    private final Map<Asked, Optional<Refusal>> answers = new HashMap<>();

    /** What the reference reaches that is closed to code of this scope, if anything. */
    private Optional<Refusal> refusal(Reference ref, Scope scope) {
        Asked asked = new Asked(scope, ref.kind(), ref.owner(), ref.name(), ref.descriptor());
        Optional<Refusal> answer = answers.get(asked);
        if (answer == null) {
            answer = reached(ref, scope);
            answers.put(asked, answer);
        }
        return answer;
    }

    private Optional<Refusal> reached(Reference ref, Scope scope) {
        String owner = ref.owner();
        if (owner.startsWith("[")) {
            return Optional.empty(); // an array's clone() or length
        }
        if (isJdkOrApi(owner)) {
            if (ref.kind() == Kind.SUPER_CALL && scope == Scope.SCENARIO
                    && verdict(owner, ref.name(), null, scope).isPresent()) {
                return Optional.empty(); // refused where an instance is created: new Worker (a Thread)
            }
            return verdict(owner, ref.name(), ref.descriptor(), scope).map(r -> new Refusal(owner, ref.name(), r));
        }
        if (!known.containsKey(owner)) {
            return Optional.empty(); // not on the class path at all (an optional dependency): it cannot load
        }
        if (ref.kind() == Kind.CREATE || ref.kind() == Kind.SUPER_CALL) {
            if (scope == Scope.SCENARIO && ref.kind() == Kind.CREATE) {
                String jdkSuper = firstOutsideSuperclass(owner);
                if (jdkSuper != null && isJdkOrApi(jdkSuper)) {
                    return verdict(jdkSuper, "<init>", null, scope).map(r -> new Refusal(jdkSuper, "<init>", r));
                }
            }
            return Optional.empty();
        }
        return inherited(owner, ref.name(), ref.descriptor(), ref.kind() == Kind.FIELD, scope, new HashSet<>());
    }

    /** A member used through a known class: fine if declared there, else whatever its JDK supertypes say. */
    private Optional<Refusal> inherited(String owner, String name, String descriptor, boolean field, Scope scope,
            Set<String> visited) {
        Known k = known.get(owner);
        if (k == null || !visited.add(owner)) {
            return Optional.empty();
        }
        if (field ? k.fields().contains(name) : k.methods().contains(name + descriptor)) {
            return Optional.empty();
        }
        List<String> supers = new ArrayList<>(k.interfaces());
        if (k.superName() != null) {
            supers.addFirst(k.superName());
        }
        for (String s : supers) {
            Optional<Refusal> r = isJdkOrApi(s)
                    ? verdict(s, name, descriptor, scope).map(reason -> new Refusal(s, name, reason))
                    : inherited(s, name, descriptor, field, scope, visited);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private String firstOutsideSuperclass(String owner) {
        String c = owner;
        Set<String> visited = new HashSet<>();
        while (c != null && known.containsKey(c) && !isJdkOrApi(c) && visited.add(c)) {
            c = known.get(c).superName();
        }
        return c;
    }

    private Optional<Reason> verdict(String owner, String name, String descriptor, Scope scope) {
        return verdicts.computeIfAbsent(scope + " " + owner + "." + name + descriptor,
                key -> HostedRules.refusal(owner, name, descriptor, scope));
    }

    private boolean isKnown(String owner) {
        return known.containsKey(owner);
    }

    /**
     * The JDK's classes (and the scenario API's) always come from the runtime, whatever a jar holds: the scenario's
     * class loader asks its parents first.
     */
    private boolean isJdkOrApi(String owner) {
        int slash = owner.lastIndexOf('/');
        String pkg = slash < 0 ? "" : owner.substring(0, slash);
        return owner.startsWith("dev/barrage/scenario/") || JDK_PACKAGES.contains(pkg)
                || (!known.containsKey(owner) && (owner.startsWith("java/") || owner.startsWith("javax/")
                        || owner.startsWith("jdk/") || owner.startsWith("sun/") || owner.startsWith("com/sun/")));
    }

    private void index(ClassModel model) {
        Set<String> methods = new HashSet<>();
        for (MethodModel m : model.methods()) {
            methods.add(m.methodName().stringValue() + m.methodType().stringValue());
        }
        Set<String> fields = new HashSet<>();
        for (FieldModel f : model.fields()) {
            fields.add(f.fieldName().stringValue());
        }
        known.putIfAbsent(model.thisClass().asInternalName(), new Known(
                model.superclass().map(ClassEntry::asInternalName).orElse(null),
                model.interfaces().stream().map(ClassEntry::asInternalName).toList(), methods, fields));
    }

    /** {@code System.exit}, {@code new Thread}, {@code new Quit.Worker (a Thread)}, {@code Field.setAccessible}. */
    private String display(Reference ref, Refusal refusal) {
        if (ref.kind() == Kind.CREATE) {
            if (refusal.owner().equals(ref.owner())) {
                return "new " + simpleName(ref.owner());
            }
            return anonymous(ref.owner()) ? "new " + simpleName(refusal.owner())
                    : "new " + simpleName(ref.owner()) + " (a " + simpleName(refusal.owner()) + ")";
        }
        if (ref.kind() == Kind.SUPER_CALL) {
            return "super(...) of " + simpleName(refusal.owner());
        }
        return simpleName(refusal.owner()) + "." + refusal.name();
    }

    /** What a creation looks like in the source: {@code new Worker}, or for an anonymous class its supertype. */
    private String writtenName(String owner, Optional<Refusal> refusal) {
        String c = owner;
        if (anonymous(owner)) {
            String parent = known.get(owner).superName();
            List<String> interfaces = known.get(owner).interfaces();
            c = parent != null && !parent.equals("java/lang/Object") ? parent
                    : interfaces.isEmpty() ? refusal.map(Refusal::owner).orElse(owner) : interfaces.getFirst();
        }
        return innermost(c);
    }

    private static String innermost(String internal) {
        String simple = internal.substring(internal.lastIndexOf('/') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }

    private static String qualified(Reference ref, Refusal refusal) {
        String owner = refusal.owner().replace('/', '.').replace('$', '.');
        return refusal.name().equals("<init>") ? "new " + owner : owner + "." + refusal.name();
    }

    private static boolean anonymous(String owner) {
        int dollar = owner.lastIndexOf('$');
        return dollar >= 0 && dollar < owner.length() - 1
                && owner.substring(dollar + 1).chars().allMatch(Character::isDigit);
    }

    private static String simpleName(String internal) {
        return internal.substring(internal.lastIndexOf('/') + 1).replace('$', '.');
    }

    private static List<ClassModel> readJar(Path jar, String fileName) throws ScenarioException {
        List<ClassModel> models = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (var in = file.getInputStream(entry)) {
                    models.add(ClassFile.of().parse(in.readAllBytes()));
                } catch (IllegalArgumentException e) {
                    throw new ScenarioException(fileName + ": //DEPS jar " + jar.getFileName() + " has a class file "
                            + "that cannot be read (" + name + ": " + e.getMessage() + "), so it cannot be checked");
                }
            }
        } catch (IOException e) {
            throw new ScenarioException(fileName + ": cannot read //DEPS jar " + jar + ": " + e.getMessage());
        }
        return models;
    }

    private static Set<String> jdkPackages() {
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            for (String p : module.getPackages()) {
                packages.add(p.replace('.', '/'));
            }
        }
        return Set.copyOf(packages);
    }
}
