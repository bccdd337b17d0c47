package dev.barrage.controlplane.launch.local;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.launch.LaunchSpec;
import dev.barrage.controlplane.launch.RunnerLauncher;
import dev.barrage.controlplane.launch.RunnerLauncherSelection;
import dev.barrage.controlplane.launch.RunnerFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs each runner as a process of the runner program on this machine: the default, so one machine needs no
 * Kubernetes. Each runner logs to {@code <log-dir>/<run id>/runner-<i>.log}.
 */
@ApplicationScoped
@RunnerLauncherSelection.Kind("local")
public class LocalRunnerLauncher implements RunnerLauncher {
    private static final Logger LOG = Logger.getLogger(LocalRunnerLauncher.class);

    @Inject
    BarrageConfig config;

    private final Map<UUID, List<Process>> processes = new ConcurrentHashMap<>();
    private final List<Consumer<RunnerExit>> exitListeners = new CopyOnWriteArrayList<>();

    @Override
    public void launch(LaunchSpec spec) {
        Path jar = Path.of(config.launch().local().runnerJar()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runner program is missing at " + jar + ": build it with ./mvnw install");
        }
        Path logs = Path.of(config.launch().local().logDir(), spec.runId().toString()).toAbsolutePath().normalize();
        List<Process> started = new ArrayList<>();
        try {
            Files.createDirectories(logs);
            for (int i = 0; i < spec.runners(); i++) {
                Path log = logs.resolve("runner-" + i + ".log");
                // a scenario that takes the heap ends its runner at once (after the runner's guard, watching the heap
                // after each full collection, has said why, when it had the time to)
                ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        collector(), "-Xmx" + config.launch().local().heap(), "-XX:+ExitOnOutOfMemoryError",
                        "-jar", jar.toString(), "agent")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                Map<String, String> env = pb.environment();
                env.put("BARRAGE_RUN_ID", spec.runId().toString());
                env.put("BARRAGE_RUNNER_INDEX", String.valueOf(i));
                env.put("BARRAGE_RUNNER_COUNT", String.valueOf(spec.runners()));
                env.put("BARRAGE_KAFKA_BOOTSTRAP", spec.kafkaBootstrap());
                env.put("BARRAGE_REPORTS_TOPIC", spec.reportsTopic());
                env.put("BARRAGE_CONTROL_TOPIC", spec.controlTopic());
                env.put("BARRAGE_SCENARIO_URL", spec.scenarioUrl());
                env.put("BARRAGE_RUN_TOKEN", spec.runToken());
                env.put("BARRAGE_TARGET_HOST", spec.targetHost());
                env.put(dev.barrage.protocol.launch.PinnedTargets.ENVIRONMENT, spec.pinnedTargets());
                env.put("BARRAGE_STOP_TIMEOUT", String.valueOf(spec.stopTimeoutSeconds()));
                guardEnvironment(config.launch().guard()).forEach(env::put);
                Process p = pb.start();
                started.add(p);
                int index = i;
                p.onExit().thenAccept(done -> {
                    int code = done.exitValue();
                    if (code != 0) {
                        String reason = RunnerFailures.explain(tail(log), "heap limit " + config.launch().local().heap());
                        RunnerExit exit = new RunnerExit(spec.runId(), index, code, reason != null
                                ? reason + " (runner process exit code " + code + ", log: " + log + ")"
                                : "runner process exited with code " + code + " (log: " + log + ")");
                        exitListeners.forEach(l -> l.accept(exit));
                    }
                });
            }
        } catch (IOException e) {
            started.forEach(Process::destroyForcibly);
            throw new UncheckedIOException("cannot start runner processes: " + e.getMessage(), e);
        }
        processes.put(spec.runId(), started);
        LOG.infof("run %s: started %d local runner(s), logs in %s", spec.runId(), started.size(), logs);
    }

    /** The limits each runner holds its scenario to, as the agent reads them from its environment. */
    public static Map<String, String> guardEnvironment(BarrageConfig.Launch.Guard guard) {
        return Map.of(
                "BARRAGE_STOP_GRACE", Math.max(1, guard.stopGrace().toSeconds()) + "s",
                "BARRAGE_STARVATION_LIMIT", Math.max(1, guard.starvationLimit().toSeconds()) + "s",
                "BARRAGE_MAX_THREADS", String.valueOf(guard.maxThreads()));
    }

    /** The last few KiB a runner wrote, where it says why it ended. */
    private static String tail(Path log) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - 16 * 1024);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void stop(UUID runId) {
        List<Process> list = processes.remove(runId);
        if (list == null) {
            return;
        }
        list.forEach(Process::destroy);
        for (Process p : list) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void onRunnerExit(Consumer<RunnerExit> listener) {
        exitListeners.add(listener);
    }

    @PreDestroy
    void stopAll() {
        processes.values().forEach(list -> list.forEach(Process::destroyForcibly));
        processes.clear();
    }

    /**
     * The collector {@code ./barrage} picks for the runner: serial on two CPUs or fewer (about half the resident memory
     * of the parallel collector at 10,000 users, at the same throughput, bench/README.md), parallel above.
     */
    static String collector() {
        return Runtime.getRuntime().availableProcessors() <= 2 ? "-XX:+UseSerialGC" : "-XX:+UseParallelGC";
    }
}
