package dev.barrage.runner.scenario;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What a scenario uploaded to the platform may not call, checked on the attributed source before any of it runs: ending
 * the runner, starting processes, touching files, starting threads, native code, reflection and class loading (which
 * would reach around the rest), and the JVM's management and attach interfaces. A scenario run from one's own machine
 * with {@code barrage run} is not checked, as Locust runs any locustfile.
 *
 * <p>This is the first line, not the boundary: a {@code //DEPS} library is not checked, so the runner process also
 * contains what gets through (time, memory and thread limits, see {@code RunnerGuard}), and on Kubernetes the pod.
 */
public final class HostedPolicy {
    /** One forbidden use: where in the source (a character offset) and what to say. */
    public record Violation(long position, String message) {}

    /** Why a group of APIs is closed, and what to use instead. */
    enum Reason {
        EXIT("a scenario cannot end the runner: throw new StopUser() to stop a user; the run ends at its duration or "
                + "when it is stopped"),
        PROCESS("a scenario cannot start or reach other processes"),
        FILES("a hosted scenario reads only the data files uploaded with it, with Feeder.csv(\"name.csv\")"),
        THREADS("scenario code runs on its users' threads: use background(...) for work beside a user, and more users "
                + "for more concurrency"),
        NATIVE("reflection, class loading and native code would reach around these rules"),
        JVM("it reaches into the runner's JVM or another one"),
        GLOBAL("it changes the whole runner (its streams, properties or exit handling), not just this scenario"),
        URL("send HTTP requests with client (the user's HTTP client), whose requests are counted");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private static final String CONSTRUCTOR = "<init>";

    /** Members of a type (all of them when none are named), and of its subtypes too when {@code subtypes}. */
    private record Rule(String type, Set<String> members, boolean subtypes, Reason reason) {
        boolean covers(String member) {
            return members.isEmpty() || members.contains(member);
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("java.lang.System", Set.of("exit"), false, Reason.EXIT),
            new Rule("java.lang.Runtime", Set.of("exit", "halt", "addShutdownHook", "removeShutdownHook"), false, Reason.EXIT),
            new Rule("java.lang.Runtime", Set.of("exec"), false, Reason.PROCESS),
            new Rule("java.lang.ProcessBuilder", Set.of(), true, Reason.PROCESS),
            new Rule("java.lang.ProcessHandle", Set.of(), true, Reason.PROCESS),

            new Rule("java.io.File", Set.of(), true, Reason.FILES),
            new Rule("java.io.FileInputStream", Set.of(), true, Reason.FILES),
            new Rule("java.io.FileOutputStream", Set.of(), true, Reason.FILES),
            new Rule("java.io.FileReader", Set.of(), true, Reason.FILES),
            new Rule("java.io.FileWriter", Set.of(), true, Reason.FILES),
            new Rule("java.io.RandomAccessFile", Set.of(), true, Reason.FILES),
            new Rule("java.nio.file.Files", Set.of(), false, Reason.FILES),
            new Rule("java.nio.file.Paths", Set.of(), false, Reason.FILES),
            new Rule("java.nio.file.Path", Set.of("of", "toFile", "toRealPath", "register"), true, Reason.FILES),
            new Rule("java.nio.file.FileSystems", Set.of(), false, Reason.FILES),
            new Rule("java.nio.file.FileSystem", Set.of(), true, Reason.FILES),
            new Rule("java.nio.channels.FileChannel", Set.of("open"), true, Reason.FILES),
            new Rule("java.nio.channels.AsynchronousFileChannel", Set.of("open"), true, Reason.FILES),
            new Rule("java.util.zip.ZipFile", Set.of(CONSTRUCTOR), true, Reason.FILES),
            new Rule("dev.barrage.scenario.spi.DataFiles", Set.of(), false, Reason.FILES),

            new Rule("java.lang.Thread", Set.of(CONSTRUCTOR, "ofPlatform", "ofVirtual", "startVirtualThread"), true,
                    Reason.THREADS),
            new Rule("java.util.concurrent.Executors", Set.of(), false, Reason.THREADS),
            new Rule("java.util.concurrent.ThreadPoolExecutor", Set.of(CONSTRUCTOR), true, Reason.THREADS),
            new Rule("java.util.concurrent.ForkJoinPool", Set.of(CONSTRUCTOR), true, Reason.THREADS),
            new Rule("java.util.Timer", Set.of(CONSTRUCTOR), true, Reason.THREADS),

            new Rule("java.lang.System", Set.of("load", "loadLibrary"), false, Reason.NATIVE),
            new Rule("java.lang.Runtime", Set.of("load", "loadLibrary"), false, Reason.NATIVE),
            new Rule("java.lang.reflect.AccessibleObject", Set.of("setAccessible", "trySetAccessible"), true, Reason.NATIVE),
            new Rule("java.lang.reflect.Method", Set.of("invoke"), false, Reason.NATIVE),
            new Rule("java.lang.reflect.Constructor", Set.of("newInstance"), false, Reason.NATIVE),
            new Rule("java.lang.Class", Set.of("forName", "newInstance"), false, Reason.NATIVE),
            new Rule("java.lang.ClassLoader", Set.of(), true, Reason.NATIVE),
            new Rule("java.lang.invoke.MethodHandles.Lookup", Set.of(), false, Reason.NATIVE),
            new Rule("java.lang.reflect.Proxy", Set.of(), false, Reason.NATIVE),
            new Rule("java.beans.Statement", Set.of(), true, Reason.NATIVE),
            new Rule("java.beans.EventHandler", Set.of(), true, Reason.NATIVE),
            new Rule("java.lang.foreign.Linker", Set.of(), true, Reason.NATIVE),
            new Rule("java.lang.foreign.SymbolLookup", Set.of(), true, Reason.NATIVE),
            new Rule("java.lang.foreign.MemorySegment", Set.of("reinterpret"), true, Reason.NATIVE),

            new Rule("java.lang.System", Set.of("setIn", "setOut", "setErr", "setProperty", "setProperties",
                    "clearProperty", "setSecurityManager"), false, Reason.GLOBAL),
            new Rule("java.lang.Thread", Set.of("setDefaultUncaughtExceptionHandler"), false, Reason.GLOBAL),
            new Rule("java.lang.management.ManagementFactory", Set.of(), false, Reason.JVM),
            new Rule("javax.tools.ToolProvider", Set.of(), false, Reason.JVM),

            new Rule("java.net.URL", Set.of("openConnection", "openStream", "getContent"), false, Reason.URL));

    /** Whole packages: the JVM's own insides, other JVMs, compilers and shells. */
    private static final Map<String, Reason> PACKAGES = Map.of(
            "sun", Reason.NATIVE,
            "jdk.internal", Reason.NATIVE,
            "java.lang.instrument", Reason.JVM,
            "javax.management", Reason.JVM,
            "com.sun.management", Reason.JVM,
            "com.sun.tools.attach", Reason.JVM,
            "com.sun.jdi", Reason.JVM,
            "jdk.jshell", Reason.JVM,
            "javax.script", Reason.NATIVE);

    private HostedPolicy() {}

    /** The forbidden uses in the analyzed units, in source order, one per place. */
    public static List<Violation> check(JavacTask task, Iterable<? extends CompilationUnitTree> units) {
        Checker checker = new Checker(task);
        for (CompilationUnitTree unit : units) {
            checker.unit = unit;
            checker.scan(unit, null);
        }
        List<Violation> found = new ArrayList<>(checker.found.values());
        found.sort(Comparator.comparingLong(Violation::position));
        return found;
    }

    private static final class Checker extends TreePathScanner<Void, Void> {
        private final Trees trees;
        private final Elements elements;
        private final Types types;
        private final SourcePositions positions;
        private final Map<String, Optional<TypeElement>> ruleTypes = new HashMap<>();
        private final Map<Long, Violation> found = new LinkedHashMap<>();
        CompilationUnitTree unit;

        Checker(JavacTask task) {
            this.trees = Trees.instance(task);
            this.elements = task.getElements();
            this.types = task.getTypes();
            this.positions = trees.getSourcePositions();
        }

        /** The default constructor javac writes for a class: its implicit super() creates nothing by itself. */
        @Override
        public Void visitMethod(com.sun.source.tree.MethodTree method, Void unused) {
            Element element = trees.getElement(getCurrentPath());
            if (element != null && elements.getOrigin(element) == Elements.Origin.MANDATED) {
                return null;
            }
            return super.visitMethod(method, unused);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
            ExpressionTree select = call.getMethodSelect();
            check(new TreePath(getCurrentPath(), select), nameStart(select));
            return super.visitMethodInvocation(call, unused);
        }

        @Override
        public Void visitNewClass(NewClassTree creation, Void unused) {
            check(getCurrentPath(), positions.getStartPosition(unit, creation));
            return super.visitNewClass(creation, unused);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
            check(getCurrentPath(), positions.getStartPosition(unit, reference));
            return super.visitMemberReference(reference, unused);
        }

        /** For {@code System.exit}, where {@code exit} starts; else where the expression starts. */
        private long nameStart(ExpressionTree select) {
            if (select instanceof MemberSelectTree member) {
                long after = positions.getEndPosition(unit, member.getExpression());
                long end = positions.getEndPosition(unit, member);
                String name = member.getIdentifier().toString();
                if (after >= 0 && end > after) {
                    CharSequence source = sourceText();
                    if (source != null && end <= source.length()) {
                        int at = source.subSequence((int) after, (int) end).toString().lastIndexOf(name);
                        if (at >= 0) {
                            return after + at;
                        }
                    }
                }
            }
            return positions.getStartPosition(unit, select);
        }

        private CharSequence sourceText() {
            try {
                return unit.getSourceFile().getCharContent(true);
            } catch (java.io.IOException e) {
                return null;
            }
        }

        private void check(TreePath path, long position) {
            Element element = trees.getElement(path);
            if (!(element instanceof ExecutableElement method)
                    || !(method.getEnclosingElement() instanceof TypeElement owner)) {
                return;
            }
            String member = method.getKind() == ElementKind.CONSTRUCTOR ? CONSTRUCTOR : method.getSimpleName().toString();
            String pkg = elements.getPackageOf(owner).getQualifiedName().toString();
            for (Map.Entry<String, Reason> p : PACKAGES.entrySet()) {
                if (pkg.equals(p.getKey()) || pkg.startsWith(p.getKey() + ".")) {
                    report(position, display(owner, null, member, path.getLeaf()), p.getValue());
                    return;
                }
            }
            for (Rule rule : RULES) {
                if (!rule.covers(member)) {
                    continue;
                }
                Optional<TypeElement> type = ruleTypes.computeIfAbsent(rule.type(),
                        name -> Optional.ofNullable(elements.getTypeElement(name)));
                if (type.isEmpty()) {
                    continue;
                }
                boolean matches = owner.equals(type.get()) || (rule.subtypes()
                        && types.isSubtype(types.erasure(owner.asType()), types.erasure(type.get().asType())));
                if (matches) {
                    report(position, display(owner, type.get(), member, path.getLeaf()), rule.reason());
                    return;
                }
            }
        }

        private void report(long position, String api, Reason reason) {
            found.putIfAbsent(position, new Violation(position,
                    api + " is not allowed in a hosted scenario: " + reason.text));
        }

        /** {@code System.exit}, {@code new Thread}, {@code new Worker (a Thread)}. */
        private static String display(TypeElement owner, TypeElement ruleType, String member, Tree leaf) {
            String ownerName = owner.getSimpleName().toString();
            boolean anonymous = ownerName.isEmpty();
            if (anonymous && ruleType != null) {
                ownerName = ruleType.getSimpleName().toString();
            }
            if (owner.getEnclosingElement() instanceof TypeElement outer && !anonymous) {
                ownerName = outer.getSimpleName() + "." + ownerName;
            }
            if (member.equals(CONSTRUCTOR)) {
                boolean sub = ruleType != null && !anonymous && !owner.equals(ruleType);
                String created = leaf instanceof IdentifierTree id && id.getName().contentEquals("super")
                        ? "super(...) of " + ownerName : "new " + ownerName;
                return created + (sub ? " (a " + ruleType.getSimpleName() + ")" : "");
            }
            return ownerName + "." + member;
        }
    }
}
