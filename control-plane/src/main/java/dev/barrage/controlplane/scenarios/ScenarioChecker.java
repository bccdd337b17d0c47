package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.BarrageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles an uploaded scenario with {@code barrage check} in a separate JVM with a memory and time limit, so that a
 * scenario never loads into the control plane and a hostile one cannot hurt it: its //DEPS are resolved first (no
 * scenario code runs there), then the check, which loads the classes and so runs their static initializers, runs in
 * a {@link CheckSandbox} that reaches nothing of the platform's: a sandboxed process here, or on Kubernetes a pod of
 * its own in the runner namespace.
 */
@ApplicationScoped
public class ScenarioChecker {
    static final Pattern ERROR_LINE = Pattern.compile("^([^\\s:]+\\.java):(\\d+):(\\d+): (.*)$");
    static final String LOAD_LINE = "load: ";
    /** What the JVM prints when -XX:+ExitOnOutOfMemoryError ends it. */
    static final String OUT_OF_MEMORY = "Terminating due to java.lang.OutOfMemoryError";

    @Inject
    BarrageConfig config;

    @Inject
    CheckSettings settings;

    @Inject
    DependencyResolver resolver;

    @Inject
    dev.barrage.controlplane.launch.RunnerLauncherSelection.Settings launch;

    @Inject
    @jakarta.enterprise.inject.Any
    jakarta.enterprise.inject.Instance<CheckSandbox> sandboxes;

    private CheckSandbox sandbox;

    /**
     * The verdict: no errors, or the compiler's errors, or a reason the check itself could not finish; when it
     * compiled, what drives its users ({@code barrage check}'s {@code load:} line, a {@code LoadProfile} as JSON).
     */
    public record Result(List<CompileError> errors, String otherProblem, String loadProfile) {
        public Result(List<CompileError> errors, String otherProblem) {
            this(errors, otherProblem, null);
        }

        public boolean ok() {
            return errors.isEmpty() && otherProblem == null;
        }
    }

    /** How long an upload waits for a turn to be checked when as many checks as allowed already run. */
    static final long TURN_WAIT_SECONDS = 30;

    private java.util.concurrent.Semaphore turns;

    @jakarta.annotation.PostConstruct
    void init() {
        turns = new java.util.concurrent.Semaphore(Math.max(1, config.limits().concurrentChecks()), true);
    }

    /** Where checks run is decided when the application starts, and a sandbox that cannot be made stops it there. */
    void start(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        sandbox();
    }

    private synchronized CheckSandbox sandbox() {
        if (sandbox == null) {
            // checks run where runners run, unless said otherwise: on Kubernetes never in the control plane's pod
            String kind = settings.kind().map(String::trim).orElse(launch.kind().trim());
            var chosen = sandboxes.select(jakarta.enterprise.inject.literal.NamedLiteral.of(kind));
            if (!chosen.isResolvable()) {
                throw new IllegalStateException("barrage.check.kind must be 'local' (a sandboxed process on this "
                        + "machine) or 'kubernetes' (a pod of its own in the runner namespace), got '" + kind + "'");
            }
            CheckSandbox chosenSandbox = chosen.get();
            chosenSandbox.prepare();
            sandbox = chosenSandbox;
        }
        return sandbox;
    }

    public Result check(ScenarioUpload scenario) throws IOException, InterruptedException {
        // each check is a JVM with its own heap and up to its time limit: a burst of uploads takes turns, so that it
        // cannot take this machine's memory and processors from the control plane
        if (!turns.tryAcquire(TURN_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new dev.barrage.controlplane.security.ProblemException(503, "Service Unavailable",
                    "too many scenario uploads are being checked at once; try again in a minute").retryAfter(60);
        }
        try {
            return checkInProcess(scenario);
        } finally {
            turns.release();
        }
    }

    private Result checkInProcess(ScenarioUpload scenario) throws IOException, InterruptedException {
        String heap = config.limits().checkHeap();
        long timeout = config.limits().checkTimeout().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        Path work = Files.createTempDirectory("barrage-resolve-");
        CheckSandbox.Outcome outcome;
        try {
            DependencyResolver.Resolution deps = resolver.resolve(scenario, work, timeout);
            if (deps.failure() != null) {
                outcome = deps.failure();
            } else {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                // the hosted rules refuse what they can see; what they cannot (a static initializer that loops or
                // allocates forever, or reaches for the network or files) meets the sandbox and its limits
                outcome = sandbox().run(new CheckSandbox.Input(scenario, deps.jars(), heap), left);
            }
        } finally {
            LocalCheckSandbox.delete(work);
        }
        if (outcome.timedOut()) {
            return new Result(List.of(), "checking the scenario took longer than " + seconds(timeout) + " s, so it "
                    + "was stopped: compiling it and loading its classes (running their static initializers) must "
                    + "end (a static initializer that never ends?)");
        }
        String output = outcome.output();
        if (outcome.exitCode() == 0) {
            String load = output.lines().filter(l -> l.startsWith(LOAD_LINE)).map(l -> l.substring(LOAD_LINE.length()))
                    .reduce((a, b) -> b).orElse(null);
            return new Result(List.of(), null, load);
        }
        if (output.contains(OUT_OF_MEMORY)) {
            return new Result(List.of(), "the scenario exhausted the memory of its check (a " + heap + " heap) while "
                    + "it was compiled and its classes loaded (a static initializer that keeps allocating?)", null);
        }
        List<CompileError> errors = compileErrors(output, scenario.sources());
        if (errors.isEmpty()) {
            return new Result(List.of(), output.strip().lines().findFirst().orElse("the scenario check failed"));
        }
        return new Result(errors, null);
    }

    /**
     * The errors of the check's output: each {@code File.java:line:col: message} line, with the lines of javac's
     * message that follow it ({@code symbol: method gett(String)}, {@code location: ...}) up to the echo of the
     * source line and its caret.
     */
    static List<CompileError> compileErrors(String output, java.util.Map<String, String> sources) {
        String[] lines = output.split("\r?\n");
        List<CompileError> errors = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = ERROR_LINE.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            int line = Integer.parseInt(m.group(2));
            String[] code = sources.getOrDefault(m.group(1), "").split("\r?\n", -1);
            String echo = line >= 1 && line <= code.length ? "    " + code[line - 1] : null;
            StringBuilder message = new StringBuilder(m.group(4));
            while (i + 1 < lines.length && lines[i + 1].startsWith("    ") && !lines[i + 1].equals(echo)) {
                message.append('\n').append(lines[++i].strip());
            }
            errors.add(new CompileError(m.group(1), line, Integer.parseInt(m.group(3)), message.toString()));
        }
        return errors;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
