package dev.barrage.runner.agent;

import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.RunnerCommand;
import dev.barrage.protocol.messages.RunnerStatus;
import dev.barrage.runner.engine.LoadEngine;
import dev.barrage.runner.engine.RunOptions;
import dev.barrage.runner.engine.RunResult;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.stats.StatsRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * A runner under a control plane: fetches and compiles the scenario, says READY, then follows the run's commands
 * (START, SET_USERS, STOP) and publishes an interval report every second until the run ends, then STOPPED.
 */
public final class RunnerAgent {
    private static final Logger LOG = Logger.getLogger(RunnerAgent.class.getName());

    private final AgentSettings settings;

    public RunnerAgent(AgentSettings settings) {
        this.settings = settings;
    }

    /** Returns the process exit code: 0 when the run ended normally. */
    public int run() throws InterruptedException {
        try (KafkaChannel kafka = new KafkaChannel(settings)) {
            ScenarioModel scenario;
            try {
                scenario = loadScenario();
            } catch (IOException | ScenarioException e) {
                fail(kafka, e.getMessage());
                return 1;
            }
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
            return runLoad(kafka, scenario, start);
        }
    }

    private ScenarioModel loadScenario() throws IOException, ScenarioException, InterruptedException {
        Path dir = Files.createTempDirectory("barrage-scenario-");
        Path file = new ScenarioFetcher().fetch(settings.bundleUrl(), settings.token(), dir);
        return ScenarioModel.of(new ScenarioCompiler().compile(file));
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

    private int runLoad(KafkaChannel kafka, ScenarioModel scenario, RunnerCommand start) throws InterruptedException {
        RunOptions options = new RunOptions(settings.host(), Math.max(1, start.users()), start.spawnRate(),
                start.runTimeSeconds() == 0 ? null : Duration.ofSeconds(start.runTimeSeconds()),
                settings.stopTimeout(), Duration.ofSeconds(1), Map.of(),
                settings.runnerIndex(), settings.runnerCount());
        long startMillis = System.currentTimeMillis();
        StatsRecorder recorder = new StatsRecorder(settings.runnerId(), startMillis);
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
        while (load.isAlive()) {
            for (RunnerCommand c : kafka.poll(Duration.ofMillis(250))) {
                switch (c.kind()) {
                    case SET_USERS -> engine.setTarget(c.users(), c.spawnRate());
                    case STOP -> engine.stop();
                    case START -> LOG.fine("ignoring a second start command");
                }
            }
        }
        load.join();
        if (crash.get() != null) {
            fail(kafka, "the engine crashed: " + crash.get());
            return 1;
        }
        if (result.get() != null && result.get().scenarioError() != null) {
            fail(kafka, "the scenario stopped the run: " + result.get().scenarioError());
            return 1;
        }
        kafka.publish(status(RunnerStatus.State.STOPPED, lastSequence.get(), null));
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
                message);
    }
}
