package dev.barrage.runner.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;

/**
 * Contains what the hosted scenario rules cannot see (a loop that never ends, memory taken without bound, threads
 * started by a {@code //DEPS} library, a library calling {@code System.exit}): a watch thread holds the runner to a
 * deadline for each phase, to the virtual-thread scheduler making progress, to a number of threads, and to its heap.
 * When one is broken, {@code abort} is called once with a sentence saying what happened and where in the scenario;
 * the agent reports it and ends the process.
 */
public final class RunnerGuard implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RunnerGuard.class.getName());
    /** The share of the heap still in use after a full collection at which the scenario has taken the memory. */
    static final double HEAP_FRACTION = 0.9;
    private static final long TICK_MILLIS = 100;

    /**
     * @param stopGrace how long past its stop (its run time, or a STOP) plus the stop timeout a run may take to end
     * @param starvation how long the virtual threads may make no progress at all (every carrier held by code that never
     *     parks) before the run is failed
     * @param maxThreads how many live platform threads the runner may have
     */
    public record Limits(Duration loadTimeout, Duration stopGrace, Duration starvation, int maxThreads) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(110), Duration.ofSeconds(30), Duration.ofSeconds(30), 1000);
    }

    private final Limits limits;
    private final Consumer<String> abort;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final Thread watch;
    private final Thread heartbeat;
    private volatile long lastBeat = System.nanoTime();
    private volatile long deadline = Long.MAX_VALUE;
    private volatile Supplier<String> overdue = () -> "";
    private volatile Supplier<List<String>> whereBusy = List::of;
    private volatile boolean watchProgress;
    private final Logger exitLogger = Logger.getLogger("java.lang.Runtime");
    private final Handler exitHandler;
    private volatile NotificationEmitter memory;
    private volatile javax.management.NotificationListener memoryListener;

    RunnerGuard(Limits limits, Consumer<String> abort) {
        this.limits = limits;
        this.abort = abort;
        this.exitHandler = new ExitCalls();
        exitLogger.setLevel(Level.FINE);
        exitLogger.addHandler(exitHandler);
        heartbeat = Thread.ofVirtual().name("barrage-heartbeat").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                lastBeat = System.nanoTime();
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch = Thread.ofPlatform().name("barrage-guard").daemon().start(this::watchLoop);
    }

    /**
     * From now the phase must end within {@code limit}; else {@code reason} (completed with where the scenario's code
     * is busy) is the failure.
     */
    void deadline(Duration limit, Supplier<String> reason) {
        overdue = reason;
        deadline = System.nanoTime() + limit.toNanos();
    }

    /** Brings the deadline forward to {@code limit} from now (a STOP arrived); never moves it later. */
    void deadlineWithin(Duration limit, Supplier<String> reason) {
        long at = System.nanoTime() + limit.toNanos();
        if (at - deadline < 0) {
            overdue = reason;
            deadline = at;
        }
    }

    void noDeadline() {
        deadline = Long.MAX_VALUE;
    }

    /**
     * While the load runs: where its users are busy, that the virtual threads make progress, and the heap (not before:
     * compiling the scenario takes a lot of it for a while).
     */
    void watchLoad(Supplier<List<String>> where) {
        whereBusy = where;
        lastBeat = System.nanoTime();
        watchProgress = true;
        if (memory == null) {
            watchMemory();
        }
    }

    void loadEnded() {
        watchProgress = false;
    }

    Limits limits() {
        return limits;
    }

    /** The scenario's places still busy, for a failure message: " — busy at Spin.spin(Spin.java:5): 2 threads". */
    String busy() {
        List<String> where = whereBusy.get();
        return where.isEmpty() ? "" : "; busy at " + String.join(", ", where);
    }

    private void watchLoop() {
        while (!aborted.get()) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            if (now - deadline > 0) {
                fail(overdue.get() + busy());
                return;
            }
            if (watchProgress && now - lastBeat > limits.starvation().toNanos()) {
                fail("scenario code held every carrier thread for " + limits.starvation().toSeconds()
                        + " s without ever waiting (a loop that never ends?), so no user could make progress" + busy());
                return;
            }
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            if (threads > limits.maxThreads()) {
                fail("the scenario started too many threads: " + threads + " live, the limit is " + limits.maxThreads()
                        + commonThreadNames());
                return;
            }
        }
    }

    /** The names the most threads share, digits taken out: "; most are named pool-#-thread-# (950)". */
    private static String commonThreadNames() {
        ThreadInfo[] infos = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 0);
        Map<String, Long> names = java.util.Arrays.stream(infos)
                .collect(Collectors.groupingBy(i -> i.getThreadName().replaceAll("\\d+", "#"), Collectors.counting()));
        return names.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> "; most are named " + e.getKey() + " (" + e.getValue() + ")").orElse("");
    }

    /**
     * A collection-usage threshold on every heap pool that has one (the old generation): crossing it means that even
     * after a full collection the heap is almost full, which a load test never needs and only a leak reaches.
     */
    private void watchMemory() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && pool.getUsage().getMax() > 0) {
                pool.setCollectionUsageThreshold((long) (pool.getUsage().getMax() * HEAP_FRACTION));
            }
        }
        memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        memoryListener = (notification, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                fail(memoryExhausted(maxHeap));
            }
        };
        memory.addNotificationListener(memoryListener, null, null);
    }

    static String memoryExhausted(long maxHeapBytes) {
        return "the scenario exhausted the runner's memory (heap limit " + maxHeapBytes / (1024 * 1024)
                + " MiB): it keeps more and more objects (a collection that only grows?)";
    }

    private void fail(String reason) {
        if (aborted.compareAndSet(false, true)) {
            LOG.severe(reason);
            abort.accept(reason);
        }
    }

    boolean aborted() {
        return aborted.get();
    }

    @Override
    public void close() {
        aborted.set(true);
        watch.interrupt();
        heartbeat.interrupt();
        exitLogger.removeHandler(exitHandler);
        if (memory != null) {
            try {
                memory.removeNotificationListener(memoryListener);
            } catch (javax.management.ListenerNotFoundException e) {
                // gone already
            }
        }
    }

    /**
     * The JDK logs every {@code Runtime.exit} with its caller's stack (logger {@code java.lang.Runtime}, debug). A call
     * that is not the runner's own, from scenario code or a library, is a failure: said before the process ends.
     */
    private final class ExitCalls extends Handler {
        @Override
        public void publish(LogRecord record) {
            Throwable call = record.getThrown();
            if (call == null || aborted.get()) {
                return;
            }
            StackTraceElement[] frames = call.getStackTrace();
            boolean called = java.util.Arrays.stream(frames)
                    .anyMatch(f -> f.getClassName().equals("java.lang.Runtime") && f.getMethodName().equals("exit"));
            if (!called) {
                return; // a signal (the launcher stopping the runner) also ends up here
            }
            StackTraceElement caller = null;
            for (StackTraceElement f : frames) {
                String c = f.getClassName();
                if (!c.equals("java.lang.Shutdown") && !c.equals("java.lang.Runtime") && !c.equals("java.lang.System")) {
                    caller = f;
                    break;
                }
            }
            if (caller == null || caller.getClassName().startsWith("dev.barrage.runner.")) {
                return; // the runner's own exit, or a signal
            }
            fail("the scenario ended the runner process: " + call.getMessage().replace("Runtime.exit", "System.exit")
                    + " called at " + caller);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
