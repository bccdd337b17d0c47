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
    /** Under nftables isolation: the uids of running runs, their rules, and the folders they may write. */
    private RunnerUsers users;
    private RunnerFirewall firewall;
    private final Map<UUID, Path> workDirs = new ConcurrentHashMap<>();
    private final List<Consumer<RunnerExit>> exitListeners = new CopyOnWriteArrayList<>();

    @jakarta.annotation.PostConstruct
    void prepareIsolation() {
        BarrageConfig.Launch.Local local = config.launch().local();
        switch (local.isolation().trim()) {
            case "none" -> LOG.info("local runners: barrage.launch.local.isolation=none: runners run as this process's "
                    + "user and may connect anywhere this machine can (one machine of your own only)");
            case "nftables" -> {
                users = new RunnerUsers(local.uidBase(), local.uidCount());
                firewall = new RunnerFirewall(local.nftablesTable(), users.first(), users.last());
                try {
                    firewall.reset();
                } catch (IOException e) {
                    throw new IllegalStateException("barrage.launch.local.isolation=nftables, but the runners' nftables "
                            + "rules cannot be made: " + e.getMessage() + " (run as root with Debian's nftables package, "
                            + "or set barrage.launch.local.isolation=none on a machine of your own)", e);
                }
                LOG.infof("local runners: nftables isolation: each run as a uid of %d-%d, reaching only its targets, "
                        + "the control plane and Kafka", users.first(), users.last());
            }
            default -> throw new IllegalStateException("barrage.launch.local.isolation must be 'none' or 'nftables', got '"
                    + local.isolation() + "'");
        }
    }

    /** The named settings a runner gets, and nothing else of this process's environment. */
    static Map<String, String> environment(LaunchSpec spec, int index, BarrageConfig.Launch.Guard guard) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("BARRAGE_RUN_ID", spec.runId().toString());
        env.put("BARRAGE_RUNNER_INDEX", String.valueOf(index));
        env.put("BARRAGE_RUNNER_COUNT", String.valueOf(spec.runners()));
        env.put("BARRAGE_KAFKA_BOOTSTRAP", spec.kafkaBootstrap());
        env.put("BARRAGE_REPORTS_TOPIC", spec.reportsTopic());
        env.put("BARRAGE_CONTROL_TOPIC", spec.controlTopic());
        env.put("BARRAGE_SCENARIO_URL", spec.scenarioUrl());
        env.put("BARRAGE_RUN_TOKEN", spec.runToken());
        env.putAll(spec.kafkaAccess().environment());
        env.putAll(spec.kafkaAccess().secrets());
        env.put("BARRAGE_TARGET_HOST", spec.targetHost());
        env.put(dev.barrage.protocol.launch.PinnedTargets.ENVIRONMENT, spec.pinnedTargets());
        env.put("BARRAGE_STOP_TIMEOUT", String.valueOf(spec.stopTimeoutSeconds()));
        env.putAll(guardEnvironment(guard));
        return env;
    }

    /** Where a run's runners may connect under isolation: its pinned targets, the control plane and Kafka. */
    static List<RunnerFirewall.Destination> destinations(LaunchSpec spec) throws java.net.UnknownHostException {
        List<RunnerFirewall.Destination> out = new ArrayList<>();
        for (dev.barrage.controlplane.launch.PinnedTarget t : spec.targets()) {
            t.addresses().forEach(a -> out.add(new RunnerFirewall.Destination(a, t.port())));
        }
        java.net.URI controlPlane = java.net.URI.create(spec.scenarioUrl());
        addResolved(out, dev.barrage.controlplane.launch.PinnedTarget.resolve(controlPlane));
        for (String broker : spec.kafkaBootstrap().split(",")) {
            String b = broker.strip();
            int colon = b.lastIndexOf(':');
            addResolved(out, dev.barrage.controlplane.launch.PinnedTarget.resolve(b.substring(0, colon),
                    Integer.parseInt(b.substring(colon + 1))));
        }
        return out.stream().distinct().toList();
    }

    private static void addResolved(List<RunnerFirewall.Destination> out, dev.barrage.controlplane.launch.PinnedTarget t) {
        t.addresses().forEach(a -> out.add(new RunnerFirewall.Destination(a, t.port())));
    }

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
            dev.barrage.controlplane.sandbox.Sandbox sandbox = null;
            Path work = null;
            if (firewall != null) {
                int uid = users.take(spec.runId());
                sandbox = new dev.barrage.controlplane.sandbox.Sandbox(uid, uid, dev.barrage.controlplane.sandbox.Sandbox.Network.HOST);
                firewall.allow(uid, destinations(spec));
                // the run's uid writes only here (its scenario, its //DEPS cache); its logs are opened by this process
                Path parent = Files.createTempDirectory("barrage-run-");
                Files.setPosixFilePermissions(parent, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
                workDirs.put(spec.runId(), parent);
                work = sandbox.ownFolder(parent, "work");
            }
            for (int i = 0; i < spec.runners(); i++) {
                Path log = logs.resolve("runner-" + i + ".log");
                // a scenario that takes the heap ends its runner at once (after the runner's guard, watching the heap
                // after each full collection, has said why, when it had the time to)
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        collector(), "-Xmx" + config.launch().local().heap(), "-XX:+ExitOnOutOfMemoryError"));
                if (work != null) {
                    command.addAll(List.of("-Duser.home=" + work, "-Djava.io.tmpdir=" + work, "-XX:-UsePerfData"));
                }
                command.addAll(List.of("-jar", jar.toString(), "agent"));
                ProcessBuilder pb = new ProcessBuilder(sandbox != null ? sandbox.wrap(command) : command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().clear();
                pb.environment().putAll(environment(spec, i, config.launch().guard()));
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
        } catch (IOException | RuntimeException e) {
            started.forEach(dev.barrage.controlplane.sandbox.Sandbox::destroy);
            release(spec.runId());
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot start runner processes: " + e.getMessage(), (IOException) e);
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
        // a sandboxed runner is the child of unshare and setpriv: SIGTERM goes to the runner itself
        list.forEach(p -> p.descendants().reduce((a, b) -> b).orElse(p.toHandle()).destroy());
        for (Process p : list) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    dev.barrage.controlplane.sandbox.Sandbox.destroy(p);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dev.barrage.controlplane.sandbox.Sandbox.destroy(p);
            }
        }
        release(runId);
    }

    /** The run's rules, uid and folder, once none of its runners is left. */
    private void release(UUID runId) {
        if (users == null) {
            return;
        }
        Integer uid = users.of(runId);
        if (uid != null) {
            try {
                firewall.remove(uid);
            } catch (IOException e) {
                LOG.errorf("run %s: cannot remove its nftables rules: %s", runId, e.getMessage());
            }
            users.release(runId);
        }
        Path work = workDirs.remove(runId);
        if (work != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                LOG.warnf("run %s: cannot delete %s: %s", runId, work, e.getMessage());
            }
        }
    }

    @Override
    public void onRunnerExit(Consumer<RunnerExit> listener) {
        exitListeners.add(listener);
    }

    @PreDestroy
    void stopAll() {
        processes.values().forEach(list -> list.forEach(dev.barrage.controlplane.sandbox.Sandbox::destroy));
        processes.keySet().forEach(this::release);
        processes.clear();
    }

    /** The rules in force, as nft lists them (tests). */
    String firewallRules() throws IOException {
        return firewall == null ? "" : firewall.list();
    }

    /**
     * The collector {@code ./barrage} picks for the runner: serial on two CPUs or fewer (about half the resident memory
     * of the parallel collector at 10,000 users, at the same throughput, bench/README.md), parallel above.
     */
    static String collector() {
        return Runtime.getRuntime().availableProcessors() <= 2 ? "-XX:+UseSerialGC" : "-XX:+UseParallelGC";
    }
}
