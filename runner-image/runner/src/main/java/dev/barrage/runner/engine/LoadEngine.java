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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a scenario on this machine: starts and stops users at the spawn rate to follow the target user count, each
 * user on its own virtual thread; cuts the statistics into interval reports; stops at the run time (or on
 * {@link #stop()}), letting users finish their task for up to the stop timeout before interrupting them.
 */
public final class LoadEngine {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());
    private static final Duration JOIN_AFTER_INTERRUPT = Duration.ofSeconds(5);

    private final ScenarioModel scenario;
    private final RunOptions options;
    private final StatsRecorder recorder;
    private final UserSequence sequence;
    private final AtomicInteger runningUsers = new AtomicInteger();
    private final AtomicInteger usersInTask = new AtomicInteger();
    private final AtomicInteger usersStarted = new AtomicInteger();
    private final ConcurrentLinkedQueue<VirtualUser> allUsers = new ConcurrentLinkedQueue<>();
    private final Object targetLock = new Object();
    private int targetUsers;
    private double spawnRate;
    private volatile boolean stopping;
    private volatile Thread controller;

    public LoadEngine(ScenarioModel scenario, RunOptions options, StatsRecorder recorder) {
        this.scenario = scenario;
        this.options = options;
        this.recorder = recorder;
        this.sequence = new UserSequence(scenario.userClasses(), options.runnerIndex(), options.runnerCount());
        this.targetUsers = options.users();
        this.spawnRate = options.spawnRate();
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

    /**
     * Changes the run's user count (over all runners) and spawn rate while it runs: users are started, or the most
     * recently started ones stopped at the end of their task, at the spawn rate (Locust's set-users, and what load
     * shapes use).
     */
    public void setTarget(int users, double rate) {
        if (users < 0 || !(rate > 0)) {
            throw new IllegalArgumentException("users must be >= 0 and the spawn rate > 0, got " + users + " at " + rate);
        }
        synchronized (targetLock) {
            targetUsers = users;
            spawnRate = rate;
            targetLock.notifyAll();
        }
    }

    /** Asks the run to stop now (Ctrl-C, the control plane, a load shape); {@link #run} then winds down and returns. */
    public void stop() {
        stopping = true;
        synchronized (targetLock) {
            targetLock.notifyAll();
        }
        Thread c = controller;
        if (c != null) {
            LockSupport.unpark(c);
        }
        for (VirtualUser u : allUsers) {
            LockSupport.unpark(u.thread);
        }
    }

    /**
     * Runs to the end and returns; every interval report, the last one included, goes to {@code reports} before this
     * returns.
     */
    public RunResult run(long startEpochMillis, Consumer<IntervalReport> reports) throws InterruptedException {
        long startNanos = System.nanoTime();
        controller = Thread.currentThread();
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

        Thread spawner = Thread.ofVirtual().name("barrage-spawner").start(() -> followTarget(startNanos));
        int killed;
        try {
            long deadline = options.runTime() == null ? Long.MAX_VALUE : startNanos + options.runTime().toNanos();
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, Math.min(left, 1_000_000_000L));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            stop();
            spawner.join();
            killed = stopUsers();
        } finally {
            reporter.shutdownNow();
            reporter.awaitTermination(5, TimeUnit.SECONDS);
            controller = null;
        }
        long end = System.currentTimeMillis();
        synchronized (reportLock) {
            reports.accept(recorder.cut(end, runningUsers.get()));
        }
        return new RunResult(startEpochMillis, end, usersStarted.get(), killed);
    }

    /** Starts or stops users, one at a time at the spawn rate, until the target is met; then waits for a new one. */
    private void followTarget(long startNanos) {
        Deque<VirtualUser> active = new ArrayDeque<>();
        long nextDue = startNanos + sequence.firstStartOffsetNanos(spawnRate);
        boolean announced = false;
        while (!stopping) {
            int target;
            double rate;
            synchronized (targetLock) {
                target = sequence.localShare(targetUsers);
                rate = sequence.localRate(spawnRate);
                active.removeIf(u -> !u.thread.isAlive() && u.finishedOnItsOwn);
                if (active.size() == target) {
                    if (!announced) {
                        announced = true;
                        logSpawned(active);
                    }
                    try {
                        targetLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                    nextDue = Math.max(nextDue, System.nanoTime());
                    continue;
                }
            }
            announced = false;
            long wait = nextDue - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // re-read the target: it may have changed while waiting
            }
            if (active.size() < target) {
                active.addLast(startUser(active.size()));
            } else {
                VirtualUser last = active.pollLast();
                last.requestStop();
            }
            nextDue += Math.round(1_000_000_000d / rate);
        }
    }

    private void logSpawned(Deque<VirtualUser> active) {
        Map<String, Integer> counts = new TreeMap<>();
        for (VirtualUser u : active) {
            counts.merge(u.model.name(), 1, Integer::sum);
        }
        LOG.info(() -> "All users spawned: " + counts + " (" + active.size() + " total users"
                + (options.runnerCount() > 1 ? " on this runner" : "") + ")");
    }

    private VirtualUser startUser(int localIndex) {
        UserClassModel model = sequence.classOf(localIndex);
        runningUsers.incrementAndGet();
        usersStarted.incrementAndGet();
        VirtualUser user = new VirtualUser(model);
        user.thread = Thread.ofVirtual().name("user-" + model.name() + "-" + localIndex).unstarted(user::run);
        allUsers.add(user);
        user.thread.start();
        return user;
    }

    private int stopUsers() throws InterruptedException {
        long deadline = System.nanoTime() + options.stopTimeout().toNanos();
        for (VirtualUser u : allUsers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !u.thread.join(Duration.ofNanos(left))) {
                break;
            }
        }
        int killed = usersInTask.get();
        for (VirtualUser u : allUsers) {
            if (u.thread.isAlive()) {
                u.thread.interrupt();
            }
        }
        long joinDeadline = System.nanoTime() + JOIN_AFTER_INTERRUPT.toNanos();
        for (VirtualUser u : allUsers) {
            long left = Math.max(1, joinDeadline - System.nanoTime());
            if (!u.thread.join(Duration.ofNanos(left))) {
                LOG.warning(() -> u.thread.getName() + " did not stop within " + JOIN_AFTER_INTERRUPT.toSeconds()
                        + " s of being interrupted; its task ignores interruption");
            }
        }
        return killed;
    }

    /** Sleeps; returns true when woken early because the run, or this user, stops. */
    boolean sleepUnlessStopping(long nanos) {
        VirtualUser self = CURRENT.get();
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (stopping || (self != null && self.stopRequested)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.currentThread().isInterrupted()) {
                return true;
            }
        }
    }

    private static final ThreadLocal<VirtualUser> CURRENT = new ThreadLocal<>();

    /** One virtual user: its class, its thread and its loop. */
    private final class VirtualUser {
        final UserClassModel model;
        Thread thread;
        volatile boolean stopRequested;
        volatile boolean finishedOnItsOwn;

        VirtualUser(UserClassModel model) {
            this.model = model;
        }

        void requestStop() {
            stopRequested = true;
            LockSupport.unpark(thread);
        }

        private boolean mustStop() {
            return stopping || stopRequested;
        }

        void run() {
            CURRENT.set(this);
            VirtualUserRuntime runtime = new VirtualUserRuntime(LoadEngine.this, recorder);
            User user = null;
            try {
                user = model.newInstance();
                UserBinding.bind(user, runtime);
                WaitTime waitTime = UserBinding.waitTime(user);
                if (!runHook(user, true)) {
                    return;
                }
                while (!mustStop()) {
                    TaskModel task = model.pickTask();
                    long taskStart = System.nanoTime();
                    if (!runTask(user, task)) {
                        return;
                    }
                    if (mustStop()) {
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
                    finishedOnItsOwn = !stopRequested;
                    CURRENT.remove();
                }
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

    List<Thread> userThreads() {
        List<Thread> threads = new ArrayList<>();
        allUsers.forEach(u -> threads.add(u.thread));
        return threads;
    }
}
