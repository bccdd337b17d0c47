package dev.barrage.runner.agent;

import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.RunnerCommand;
import dev.barrage.protocol.messages.RunnerStatus;
import dev.barrage.runner.engine.LoadEngine;
import dev.barrage.runner.engine.RunOptions;
import dev.barrage.runner.engine.RunResult;
import dev.barrage.runner.scenario.CompiledScenario;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.secrets.SecretMask;
import dev.barrage.runner.stats.StatsRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * A runner under a control plane: fetches and compiles the scenario, says READY, then follows the run's commands
 * (START, SET_USERS, STOP) and publishes an interval report every second until the run ends, then STOPPED.
 */
public final class RunnerAgent {
    private static final Logger LOG = Logger.getLogger(RunnerAgent.class.getName());

    /** What a runner failing on its own says last on stderr; its launcher reads the reason from there. */
    public static final String FAILED_PREFIX = "barrage agent: failed: ";
    /** The exit code when the scenario took the memory (the JVM's own, with -XX:+ExitOnOutOfMemoryError). */
    public static final int EXIT_OUT_OF_MEMORY = 3;
    /** The exit code when the guard ended a scenario that broke a limit (time, threads, exit). */
    public static final int EXIT_CONTAINED = 4;
    /** How long a failure found by the guard waits to reach Kafka before the process ends anyway. */
    private static final Duration LAST_WORD = Duration.ofSeconds(10);

    private final AgentSettings settings;
    private final RunnerGuard.Limits limits;
    /** The project's secrets, masked in everything this runner writes: its log, its reports, its statuses. */
    private final SecretMask mask;
    /** The scenario's .java file names, to find its frames in a stack. */
    private volatile Set<String> scenarioFiles = Set.of();
    private volatile Map<String, String> parameters = Map.of();

    public RunnerAgent(AgentSettings settings, RunnerGuard.Limits limits) {
        this(settings, limits, new SecretMask());
    }

    /** @param mask the mask this process's standard output and error already write through */
    public RunnerAgent(AgentSettings settings, RunnerGuard.Limits limits, SecretMask mask) {
        this.settings = settings;
        this.limits = limits;
        this.mask = mask;
    }

    /** Returns the process exit code: 0 when the run ended normally. */
    public int run() throws InterruptedException {
        try {
            RunTargets.pin(settings);
        } catch (IOException | RuntimeException e) {
            System.err.println(FAILED_PREFIX + "cannot pin the run's targets: " + e.getMessage());
            return 1;
        }
        try (KafkaChannel kafka = new KafkaChannel(settings);
                RunnerGuard guard = new RunnerGuard(limits, reason -> abort(kafka, reason))) {
            return run(kafka, guard);
        }
    }

    private int run(KafkaChannel kafka, RunnerGuard guard) throws InterruptedException {
        ScenarioModel scenario;
        Thread loader = Thread.currentThread();
        guard.deadline(limits.loadTimeout(), () -> "loading the scenario took longer than "
                + limits.loadTimeout().toSeconds() + " s (a static initializer that never ends?)" + where(loader));
        try {
            scenario = loadScenario();
        } catch (IOException | ScenarioException e) {
            guard.noDeadline();
            fail(kafka, e.getMessage());
            return 1;
        }
        guard.noDeadline();
        kafka.listen();
        kafka.publish(status(RunnerStatus.State.READY, -1, null));
        kafka.flush();
        LOG.info(() -> settings.runnerId() + " ready, waiting for the start command");

        RunnerCommand start = awaitStart(kafka);
        if (start == null) {
            fail(kafka, "no start command within " + settings.waitForStart().toSeconds() + " s");
            return 1;
        }
        if (start.kind() == RunnerCommand.Kind.STOP) {
            kafka.publish(status(RunnerStatus.State.STOPPED, -1, "stopped before it started"));
            kafka.flush();
            return 0;
        }
        return runLoad(kafka, scenario, start, guard);
    }

    /** The scenario's line a thread is at, if it is in the scenario's code. */
    private String where(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (scenarioFiles.contains(frame.getFileName())) {
                return "; busy at " + frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName()
                        + ":" + frame.getLineNumber() + ")";
            }
        }
        return "";
    }

    /**
     * The guard found the scenario out of bounds: say so on stderr (what a launcher reads when the process is gone),
     * report it over Kafka if that can be done in a few seconds, and end the process at once: the scenario's threads
     * may never stop by themselves.
     */
    private void abort(KafkaChannel kafka, String reason) {
        System.err.println(FAILED_PREFIX + reason);
        System.err.flush();
        int code = reason.startsWith("the scenario exhausted the runner's memory") ? EXIT_OUT_OF_MEMORY : EXIT_CONTAINED;
        try {
            kafka.publish(status(RunnerStatus.State.FAILED, -1, reason));
            kafka.flush(LAST_WORD);
        } catch (Throwable t) {
            System.err.println("barrage agent: could not report the failure: " + t);
        }
        Runtime.getRuntime().halt(code);
    }

    private ScenarioModel loadScenario() throws IOException, ScenarioException, InterruptedException {
        ScenarioFetcher fetcher = new ScenarioFetcher();
        // the secrets are masked before any scenario code runs, so that not even a static initializer prints one
        ScenarioFetcher.Parameters fetched = fetcher.parameters(settings.bundleUrl(), settings.token());
        mask.set(fetched.secrets().values());
        parameters = fetched.all();
        Path dir = Files.createTempDirectory("barrage-scenario-");
        Path scenario = fetcher.fetch(settings.bundleUrl(), settings.token(), dir);
        // rows used once are split between the runners before the scenario's static feeders read them
        dev.barrage.scenario.spi.DataFiles.share(settings.runnerIndex(), settings.runnerCount());
        // the control plane checked the upload with the same rules; checked again here, where it would run
        CompiledScenario compiled = ScenarioCompiler.hosted().compile(scenario);
        scenarioFiles = compiled.sourceFiles();
        return ScenarioModel.of(compiled, true);
    }

    private RunnerCommand awaitStart(KafkaChannel kafka) {
        long deadline = System.nanoTime() + settings.waitForStart().toNanos();
        while (System.nanoTime() < deadline) {
            for (RunnerCommand c : kafka.poll(Duration.ofMillis(500))) {
                if (c.kind() == RunnerCommand.Kind.START || c.kind() == RunnerCommand.Kind.STOP) {
                    return c;
                }
            }
        }
        return null;
    }

    private int runLoad(KafkaChannel kafka, ScenarioModel scenario, RunnerCommand start, RunnerGuard guard)
            throws InterruptedException {
        RunOptions options = new RunOptions(settings.host(), Math.max(1, start.users()), start.spawnRate(),
                start.runTimeSeconds() == 0 ? null : Duration.ofSeconds(start.runTimeSeconds()),
                settings.stopTimeout(), Duration.ofSeconds(1), parameters,
                settings.runnerIndex(), settings.runnerCount(), RunTargets.allowList(settings), false);
        long startMillis = System.currentTimeMillis();
        StatsRecorder recorder = new StatsRecorder(settings.runnerId(), startMillis, mask.isEmpty() ? null : mask::mask);
        LoadEngine engine = new LoadEngine(scenario, options, recorder);
        if (start.users() == 0) {
            engine.setTarget(0, start.spawnRate());
        }
        AtomicLong lastSequence = new AtomicLong(-1);
        AtomicReference<RunResult> result = new AtomicReference<>();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        Thread load = Thread.ofPlatform().name("barrage-load").start(() -> {
            try {
                result.set(engine.run(startMillis, report -> {
                    kafka.publish(new IntervalMessage(settings.runId(), report));
                    lastSequence.set(report.sequence());
                }));
            } catch (Throwable t) {
                crash.set(t);
            }
        });
        kafka.publish(status(RunnerStatus.State.RUNNING, -1, null));
        Duration stopping = settings.stopTimeout().plus(limits.stopGrace());
        guard.watchLoad(() -> engine.whereBusy(3));
        if (start.runTimeSeconds() > 0) {
            guard.deadline(Duration.ofSeconds(start.runTimeSeconds()).plus(stopping), () -> "the run did not end within "
                    + stopping.toSeconds() + " s after its " + start.runTimeSeconds() + " s were up (stop timeout "
                    + settings.stopTimeout().toSeconds() + " s): scenario code does not return");
        }
        while (load.isAlive()) {
            for (RunnerCommand c : kafka.poll(Duration.ofMillis(250))) {
                switch (c.kind()) {
                    case SET_USERS -> engine.setTarget(c.users(), c.spawnRate());
                    case STOP -> {
                        engine.stop();
                        guard.deadlineWithin(stopping, () -> "the run did not end within " + stopping.toSeconds()
                                + " s of being stopped (stop timeout " + settings.stopTimeout().toSeconds()
                                + " s): scenario code does not return");
                    }
                    case START -> LOG.fine("ignoring a second start command");
                }
            }
        }
        load.join();
        guard.loadEnded();
        guard.noDeadline();
        List<String> stuck = engine.whereBusy(3).stream()
                .filter(w -> scenarioFiles.stream().anyMatch(f -> w.contains("(" + f + ":"))).toList();
        if (!stuck.isEmpty()) {
            fail(kafka, "scenario code did not stop when the run ended: still busy after being interrupted, at "
                    + String.join(", ", stuck) + " (a loop that never ends? A task must return, or wait in ways that "
                    + "end when the thread is interrupted)");
            return EXIT_CONTAINED;
        }
        if (crash.get() != null) {
            fail(kafka, "the engine crashed: " + crash.get());
            return 1;
        }
        if (result.get() != null && result.get().scenarioError() != null) {
            fail(kafka, "the scenario stopped the run: " + result.get().scenarioError());
            return 1;
        }
        // a reason with STOPPED: the scenario asked for the whole run to stop, and the control plane stops the others
        kafka.publish(status(RunnerStatus.State.STOPPED, lastSequence.get(),
                result.get() == null ? null : result.get().runStopReason()));
        kafka.flush();
        LOG.info(() -> settings.runnerId() + " done: " + result.get().usersStarted() + " users started, last report #"
                + lastSequence.get());
        return 0;
    }

    private void fail(KafkaChannel kafka, String reason) {
        LOG.severe(settings.runnerId() + " failed: " + reason);
        kafka.publish(status(RunnerStatus.State.FAILED, -1, reason));
        kafka.flush();
    }

    private RunnerStatus status(RunnerStatus.State state, long lastSequence, String message) {
        return new RunnerStatus(settings.runId(), settings.runnerId(), state, System.currentTimeMillis(), lastSequence,
                mask.mask(message));
    }
}
