package dev.barrage.runner.engine;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.runner.http.RequestAbandoned;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.scenario.TaskModel;
import dev.barrage.runner.scenario.UserClassModel;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.scenario.StopUser;
import dev.barrage.scenario.User;
import dev.barrage.scenario.WaitTime;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a scenario on this machine: starts users at the spawn rate, each on its own virtual thread; cuts the
 * statistics into interval reports; stops at the run time (or on {@link #stop()}), letting users finish their task for
 * up to the stop timeout before interrupting them.
 */
public final class LoadEngine {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());
    private static final Duration JOIN_AFTER_INTERRUPT = Duration.ofSeconds(5);

    private final ScenarioModel scenario;
    private final RunOptions options;
    private final StatsRecorder recorder;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicInteger runningUsers = new AtomicInteger();
    private final AtomicInteger usersInTask = new AtomicInteger();
    private final ConcurrentLinkedQueue<Thread> userThreads = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    public LoadEngine(ScenarioModel scenario, RunOptions options, StatsRecorder recorder) {
        this.scenario = scenario;
        this.options = options;
        this.recorder = recorder;
    }

    RunOptions options() {
        return options;
    }

    public boolean stopping() {
        return stopping;
    }

    public int runningUsers() {
        return runningUsers.get();
    }

    /** Asks the run to stop now (Ctrl-C, or the control plane); {@link #run} then winds down and returns. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
    }

    /**
     * Runs to the end and returns; every interval report, the last one included, goes to {@code reports} before this
     * returns.
     */
    public RunResult run(long startEpochMillis, Consumer<IntervalReport> reports) throws InterruptedException {
        long startNanos = System.nanoTime();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "barrage-reporter");
            t.setDaemon(true);
            return t;
        });
        long period = options.reportInterval().toMillis();
        Object reportLock = new Object();
        reporter.scheduleAtFixedRate(() -> {
            synchronized (reportLock) {
                reports.accept(recorder.cut(System.currentTimeMillis(), runningUsers.get()));
            }
        }, period, period, TimeUnit.MILLISECONDS);

        Thread spawner = Thread.ofVirtual().name("barrage-spawner").start(() -> spawnUsers(startNanos));
        int killed;
        try {
            if (options.runTime() != null) {
                stopSignal.await(options.runTime().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                stopSignal.await();
            }
            stop();
            spawner.join();
            killed = stopUsers();
        } finally {
            reporter.shutdownNow();
            reporter.awaitTermination(5, TimeUnit.SECONDS);
        }
        long end = System.currentTimeMillis();
        synchronized (reportLock) {
            reports.accept(recorder.cut(end, runningUsers.get()));
        }
        return new RunResult(startEpochMillis, end, userThreads.size(), killed);
    }

    private void spawnUsers(long startNanos) {
        UserClassPicker picker = new UserClassPicker(scenario.userClasses());
        double nanosPerUser = 1_000_000_000d / options.spawnRate();
        Map<String, Integer> spawned = new TreeMap<>();
        for (int i = 0; i < options.users() && !stopping; i++) {
            long due = startNanos + Math.round(i * nanosPerUser);
            long wait = due - System.nanoTime();
            if (wait > 0 && sleepUnlessStopping(wait)) {
                return;
            }
            UserClassModel model = picker.next();
            spawned.merge(model.name(), 1, Integer::sum);
            runningUsers.incrementAndGet();
            Thread t = Thread.ofVirtual().name("user-" + model.name() + "-" + i).unstarted(() -> runUser(model));
            userThreads.add(t);
            t.start();
        }
        if (!stopping) {
            LOG.info(() -> "All users spawned: " + spawned + " (" + options.users() + " total users)");
        }
    }

    private int stopUsers() throws InterruptedException {
        long deadline = System.nanoTime() + options.stopTimeout().toNanos();
        for (Thread t : userThreads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                break;
            }
        }
        int killed = usersInTask.get();
        for (Thread t : userThreads) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        long joinDeadline = System.nanoTime() + JOIN_AFTER_INTERRUPT.toNanos();
        for (Thread t : userThreads) {
            long left = Math.max(1, joinDeadline - System.nanoTime());
            if (!t.join(Duration.ofNanos(left))) {
                LOG.warning(() -> t.getName() + " did not stop within " + JOIN_AFTER_INTERRUPT.toSeconds()
                        + " s of being interrupted; its task ignores interruption");
            }
        }
        return killed;
    }

    private void runUser(UserClassModel model) {
        VirtualUserRuntime runtime = new VirtualUserRuntime(this, recorder);
        User user = null;
        try {
            user = model.newInstance();
            UserBinding.bind(user, runtime);
            WaitTime waitTime = UserBinding.waitTime(user);
            if (!runHook(user, true)) {
                return;
            }
            while (!stopping) {
                TaskModel task = model.pickTask();
                long taskStart = System.nanoTime();
                if (!runTask(user, task)) {
                    return;
                }
                if (stopping) {
                    break;
                }
                Duration wait = waitTime.next(Duration.ofNanos(System.nanoTime() - taskStart));
                if (wait.isPositive() && sleepUnlessStopping(wait.toNanos())) {
                    break;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            if (recorder.recordException(cause)) {
                LOG.log(Level.SEVERE, "cannot start user " + model.name() + ": " + cause, cause);
            }
        } finally {
            try {
                if (user != null && !Thread.currentThread().isInterrupted()) {
                    runHook(user, false);
                }
            } finally {
                runtime.close();
                runningUsers.decrementAndGet();
            }
        }
    }

    /** Runs onStart or onStop; returns false when the user must stop. */
    private boolean runHook(User user, boolean start) {
        try {
            if (start) {
                user.onStart();
            } else {
                user.onStop();
            }
            return true;
        } catch (StopUser | RequestAbandoned e) {
            return false;
        } catch (RuntimeException | Error e) {
            if (stopping && Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (recorder.recordException(e)) {
                LOG.log(Level.SEVERE, (start ? "onStart" : "onStop") + " of " + user.getClass().getSimpleName()
                        + " failed: " + e + " (further occurrences are counted, not logged)", e);
            }
            return true;
        }
    }

    /** Runs one task; returns false when the user must stop. */
    private boolean runTask(User user, TaskModel task) {
        usersInTask.incrementAndGet();
        try {
            task.method().invoke(user);
            return true;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StopUser || cause instanceof RequestAbandoned) {
                return false;
            }
            if (stopping && Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (recorder.recordException(cause)) {
                LOG.log(Level.SEVERE, "task " + user.getClass().getSimpleName() + "." + task.name() + " failed: "
                        + cause + " (further occurrences are counted, not logged)", cause);
            }
            return !(cause instanceof Error) || cause instanceof AssertionError;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            usersInTask.decrementAndGet();
        }
    }

    /** Sleeps; returns true when woken early because the run stops. */
    boolean sleepUnlessStopping(long nanos) {
        try {
            return stopSignal.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    List<Thread> userThreads() {
        return List.copyOf(userThreads);
    }
}
