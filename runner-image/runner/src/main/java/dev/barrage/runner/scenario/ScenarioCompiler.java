package dev.barrage.runner.scenario;

import dev.barrage.scenario.User;
import java.io.ByteArrayOutputStream;
import java.io.File;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.sun.source.util.JavacTask;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a scenario (a file, or a folder of files compiled together) in memory against the scenario API and its
 * {@code //DEPS} only, with annotation processing off, and loads its classes. Errors come back as
 * {@code Shop.java:12:17: cannot find symbol} lines, like javac prints them, naming the file they are in.
 */
public final class ScenarioCompiler {
    /** Where //DEPS come from (besides the local repository): a name the hosted runner must still resolve. */
    public static final String DEPENDENCY_REPOSITORY = MavenDependencies.CENTRAL;

    private final boolean hosted;
    /** The jars the {@code //DEPS} were resolved to beforehand, or null to resolve them while compiling. */
    private final List<Path> resolvedDependencies;

    /** A compiler for one's own scenarios ({@code barrage run}): any Java is fine. */
    public ScenarioCompiler() {
        this(false, null);
    }

    private ScenarioCompiler(boolean hosted, List<Path> resolvedDependencies) {
        this.hosted = hosted;
        this.resolvedDependencies = resolvedDependencies;
    }

    /**
     * This compiler with the scenario's {@code //DEPS} already resolved to these jars (by {@link #resolveDependencies}
     * in another process), so that compiling needs no network: the upload check runs without one.
     */
    public ScenarioCompiler withResolvedDependencies(List<Path> jars) {
        return new ScenarioCompiler(hosted, List.copyOf(jars));
    }

    /** The jars a scenario's {@code //DEPS} resolve to, transitively; runs none of the scenario's code. */
    public static List<Path> resolveDependencies(Path source) throws ScenarioException {
        ScenarioSources sources = ScenarioSources.read(source);
        return MavenDependencies.resolve(DependencyLines.of(sources), sources.name()).stream()
                .map(HostedPolicy.DependencyJar::jar).toList();
    }

    /**
     * A compiler for scenarios uploaded to the platform: its classes and its {@code //DEPS} jars must also keep to the
     * {@link HostedPolicy}, whose breaches are reported like compile errors, with their line and column.
     */
    public static ScenarioCompiler hosted() {
        return new ScenarioCompiler(true, null);
    }

    public boolean isHosted() {
        return hosted;
    }

    /** Compiles a scenario: a {@code .java} file, or a folder whose {@code .java} files are compiled together. */
    public CompiledScenario compile(Path source) throws ScenarioException {
        ScenarioSources sources = ScenarioSources.read(source);
        DependencyLines lines = DependencyLines.of(sources);
        List<HostedPolicy.DependencyJar> dependencies = resolvedDependencies != null
                ? HostedPolicy.DependencyJar.matched(resolvedDependencies, lines)
                : MavenDependencies.resolve(lines, sources.name());
        List<Path> dependencyJars = dependencies.stream().map(HostedPolicy.DependencyJar::jar).toList();
        StringBuilder classpath = new StringBuilder(scenarioApiClasspath());
        for (Path jar : dependencyJars) {
            classpath.append(File.pathSeparatorChar).append(jar);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ScenarioException("no Java compiler in this runtime (" + System.getProperty("java.home")
                    + "): run Barrage on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
                MemoryFileManager files = new MemoryFileManager(standard, classes)) {
            List<String> options = List.of(
                    "-proc:none", "-g", "-parameters", "-encoding", "UTF-8", "-Xlint:none",
                    "-classpath", classpath.toString());
            List<JavaFileObject> units = new ArrayList<>();
            sources.sources().forEach((name, code) -> units.add(new SourceFile(sources.path(name), code)));
            JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, options, null, units);
            task.parse();
            task.analyze();
            if (hasErrors(diagnostics)) {
                throw new ScenarioException(format(errors(diagnostics.getDiagnostics(), sources), sources, "compiling"));
            }
            task.generate();
            if (hasErrors(diagnostics)) {
                throw new ScenarioException(format(errors(diagnostics.getDiagnostics(), sources), sources, "compiling"));
            }
            if (hosted) {
                // on the class files, before any of the scenario's classes is loaded (no static initializer runs)
                List<HostedPolicy.Violation> violations = HostedPolicy.check(classes, sources, dependencies);
                if (!violations.isEmpty()) {
                    throw new ScenarioException(format(violations.stream()
                            .map(v -> new Problem(v.file(), v.line(), v.column(), v.message())).toList(), sources,
                            "checking the hosted scenario rules of"));
                }
            }
        } catch (IOException e) {
            throw new ScenarioException("cannot compile " + source + ": " + e.getMessage());
        }
        return new CompiledScenario(source, CompiledScenario.load(classes, dependencyJars), classes, dependencyJars,
                sources.folder(), sources.sources().keySet());
    }

    /** Where the scenario API's classes are: the jar beside the runner, or a classes folder in a build. */
    static String scenarioApiClasspath() throws ScenarioException {
        try {
            return Path.of(User.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new ScenarioException("cannot locate the scenario API on the class path: " + e);
        }
    }

    /**
     * An error in a file at a line and column (1-based; 0 when there is none), its message possibly several lines
     * long.
     */
    private record Problem(String file, long line, long column, String message) {}

    private static boolean hasErrors(DiagnosticCollector<JavaFileObject> diagnostics) {
        return diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }

    private static List<Problem> errors(List<Diagnostic<? extends JavaFileObject>> diagnostics, ScenarioSources sources) {
        return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> new Problem(d.getSource() == null ? sources.name() : d.getSource().getName(),
                        Math.max(0, d.getLineNumber()), d.getColumnNumber(), d.getMessage(Locale.ROOT)))
                .toList();
    }

    private static String format(List<Problem> problems, ScenarioSources sources, String doing) {
        StringBuilder out = new StringBuilder();
        for (Problem d : problems) {
            String[] message = d.message().split("\r?\n");
            out.append(d.file());
            if (d.line() > 0) {
                out.append(':').append(d.line()).append(':').append(d.column());
            }
            out.append(": ").append(message[0]).append('\n');
            for (int i = 1; i < message.length; i++) {
                out.append("    ").append(message[i].strip()).append('\n');
            }
            String code = sources.sources().get(d.file());
            String[] lines = code == null ? new String[0] : code.split("\r?\n", -1);
            long line = d.line();
            if (line > 0 && line <= lines.length) {
                String text = lines[(int) line - 1];
                out.append("    ").append(text).append('\n');
                long col = Math.max(1, d.column());
                StringBuilder caret = new StringBuilder("    ");
                for (int i = 1; i < col && i <= text.length(); i++) {
                    caret.append(text.charAt(i - 1) == '\t' ? '\t' : ' ');
                }
                out.append(caret).append("^\n");
            }
        }
        int errors = problems.size();
        out.append(errors).append(errors == 1 ? " error" : " errors").append(' ').append(doing).append(' ')
                .append(sources.name());
        return out.toString();
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String code;

        SourceFile(Path path, String code) {
            super(path.toAbsolutePath().toUri(), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }

        @Override
        public String getName() {
            return toUri().getPath().substring(toUri().getPath().lastIndexOf('/') + 1);
        }
    }

    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;

        MemoryFileManager(StandardJavaFileManager standard, Map<String, byte[]> classes) {
            super(standard);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            if (location != StandardLocation.CLASS_OUTPUT || kind != JavaFileObject.Kind.CLASS) {
                throw new IllegalStateException("scenario compilation writes only classes, not " + kind);
            }
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

}
