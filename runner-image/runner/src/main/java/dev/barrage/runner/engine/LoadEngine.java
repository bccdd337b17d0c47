package dev.barrage.runner.engine;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.IterationCounts;
import dev.barrage.runner.http.RequestsInFlight;
import dev.barrage.runner.http.UserHttpClient;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.scenario.UserClassModel;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.scenario.StopUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Runs a scenario on this runner: runs the test hooks, drives the load (users following the target count at the
 * spawn rate, set by {@link #setTarget} or the scenario's load shape; or iterations at the scenario's arrival rate),
 * cuts the statistics into interval reports, and stops at the run time (or on {@link #stop()}), letting users finish
 * their task for up to the stop timeout before interrupting them.
 */
public final class LoadEngine {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());
    private static final Duration JOIN_AFTER_INTERRUPT = Duration.ofSeconds(5);
    /** How long a stopping run waits for the answers to requests already sent: the response timeout and a tick. */
    private static final Duration IN_FLIGHT_LIMIT = Duration.ofMillis(UserHttpClient.RESPONSE_TIMEOUT_MILLIS + 200);

    private final ScenarioModel scenario;
    private final RunOptions options;
    private final StatsRecorder recorder;
    private final UserSpawner spawner;
    private final ArrivalRateExecutor arrivals;
    private final TokenRefresher tokens;
    private final AtomicInteger runningUsers = new AtomicInteger();
    private final UserTimeMeter userTime = new UserTimeMeter();
    private final AtomicInteger usersInTask = new AtomicInteger();
    private final AtomicInteger usersStarted = new AtomicInteger();
    private final ConcurrentLinkedQueue<VirtualUser> allUsers = new ConcurrentLinkedQueue<>();
    private final Set<Thread> background = ConcurrentHashMap.newKeySet();
    private final Set<Thread> drivers = ConcurrentHashMap.newKeySet();
    private final Set<String> stopReasonsLogged = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile String scenarioError;
    private volatile String runStopReason;

    public LoadEngine(ScenarioModel scenario, RunOptions options, StatsRecorder recorder) {
        this.scenario = scenario;
        this.options = options;
        this.recorder = recorder;
        List<UserClassModel> classes = scenario.userClasses();
        this.spawner = new UserSpawner(this, new UserSequence(classes, options.runnerIndex(), options.runnerCount()),
                options.users(), options.spawnRate());
        this.arrivals = scenario.arrivalRate() == null ? null
                : new ArrivalRateExecutor(this, scenario.arrivalRate(), classes, options.runnerIndex(), options.runnerCount());
        this.tokens = scenario.tokenProvider() == null || options.host() == null ? null
                : new TokenRefresher(scenario.tokenProvider(), options.host(), options.targets(), recorder);
    }

    RunOptions options() {
        return options;
    }

    StatsRecorder recorder() {
        return recorder;
    }

    /** The scenario's shared bearer token, or null when it declares no {@code TokenProvider}. */
    TokenRefresher tokens() {
        return tokens;
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
     * shapes use). Has no effect on an arrival-rate scenario.
     */
    public void setTarget(int users, double rate) {
        if (users < 0 || !(rate > 0)) {
            throw new IllegalArgumentException("users must be >= 0 and the spawn rate > 0, got " + users + " at " + rate);
        }
        spawner.setTarget(users, rate);
    }

    /** Asks the run to stop now (Ctrl-C, the control plane, a load shape); {@link #run} then winds down and returns. */
    public void stop() {
        stopping = true;
        spawner.wake();
        drivers.forEach(LockSupport::unpark);
        for (VirtualUser u : allUsers) {
            LockSupport.unpark(u.thread);
        }
    }

    /** Stops the run because the scenario cannot go on; the reason ends up in {@link RunResult#scenarioError()}. */
    void fail(String reason) {
        LOG.severe(reason);
        scenarioError = reason;
        stop();
    }

    /**
     * Runs to the end and returns; every interval report, the last one included, goes to {@code reports} before this
     * returns.
     */
    public RunResult run(long startEpochMillis, Consumer<IntervalReport> reports) throws InterruptedException {
        dev.barrage.scenario.spi.DataFiles.onExhausted((message, stopRun) -> {
            // in the exceptions table of every report (merged across runners on the platform), once per feeder
            recorder.recordException(new DataExhausted(message));
            LOG.warning(message);
            if (stopRun) {
                runStopReason = message;
                stop();
            }
        });
        long startNanos = System.nanoTime();
        drivers.add(Thread.currentThread());
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "barrage-reporter");
            t.setDaemon(true);
            return t;
        });
        long period = options.reportInterval().toMillis();
        Object reportLock = new Object();
        reporter.scheduleAtFixedRate(() -> {
            synchronized (reportLock) {
                reports.accept(cut(System.currentTimeMillis()));
            }
        }, period, period, TimeUnit.MILLISECONDS);

        TestHookRunner hooks = new TestHookRunner(scenario.hooks(), recorder, this);
        hooks.listenToRequests();
        hooks.testStart();
        if (tokens != null) {
            tokens.start();
        }
        List<Thread> started = startDrivers(startNanos);
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
            for (Thread t : started) {
                t.join();
            }
            killed = stopUsers();
            stopBackground();
            if (tokens != null) {
                tokens.stop();
            }
        } finally {
            reporter.shutdownNow();
            reporter.awaitTermination(5, TimeUnit.SECONDS);
            drivers.clear();
        }
        hooks.testStop();
        long end = System.currentTimeMillis();
        synchronized (reportLock) {
            reports.accept(cut(end));
        }
        long dropped = arrivals == null ? 0 : arrivals.dropped();
        if (dropped > 0) {
            LOG.warning(() -> dropped + " iterations were dropped: every allowed user was busy when they were due");
        }
        return new RunResult(startEpochMillis, end, usersStarted.get(), killed,
                arrivals == null ? 0 : arrivals.started(), dropped, scenarioError, runStopReason);
    }

    /** The open model's iterations counted in earlier reports; only the reporter (under its lock) reads it. */
    private IterationCounts reportedIterations = IterationCounts.NONE;

    /** Cuts an interval report; in the open model with the iterations started and dropped since the last one. */
    private IntervalReport cut(long nowEpochMillis) {
        IntervalReport report = recorder.cut(nowEpochMillis, runningUsers.get(), userTime.drainMillis());
        if (arrivals == null) {
            return report;
        }
        IterationCounts now = arrivals.counts();
        IterationCounts interval = now.minus(reportedIterations);
        reportedIterations = now;
        return report.withIterations(interval);
    }

    private List<Thread> startDrivers(long startNanos) {
        List<Thread> threads = new ArrayList<>();
        if (arrivals != null) {
            threads.add(driver("barrage-arrivals", () -> arrivals.run(startNanos)));
            return threads;
        }
        if (scenario.shape() != null) {
            ShapeDriver shape = new ShapeDriver(this, scenario.newShape());
            if (shape.tick()) {
                threads.add(driver("barrage-shape", shape::run));
            }
        }
        threads.add(driver("barrage-spawner", () -> spawner.run(startNanos)));
        return threads;
    }

    private Thread driver(String name, Runnable body) {
        Thread t = Thread.ofVirtual().name(name).unstarted(body);
        drivers.add(t);
        t.start();
        return t;
    }

    /** Starts a user; in the open model with its first iteration. */
    VirtualUser startUser(UserClassModel model, ArrivalRateExecutor executor, long firstIteration) {
        runningUsers.incrementAndGet();
        userTime.change(1);
        int index = usersStarted.getAndIncrement();
        VirtualUser user = new VirtualUser(model, this, executor, firstIteration);
        user.thread = Thread.ofVirtual().name("user-" + model.name() + "-" + index).unstarted(user::run);
        allUsers.add(user);
        user.thread.start();
        return user;
    }

    void userEnded() {
        runningUsers.decrementAndGet();
        userTime.change(-1);
        if (arrivals != null && !stopping) {
            arrivals.userEnded();
        }
    }

    void taskStarted() {
        usersInTask.incrementAndGet();
    }

    void taskEnded() {
        usersInTask.decrementAndGet();
    }

    Optional<String> parameter(String key) {
        String value = options.parameters().get(key);
        return Optional.ofNullable(value != null || !options.parametersFromEnvironment() ? value : System.getenv(key));
    }

    /** Logs why users stopped themselves, once per distinct reason (a feeder out of rows stops every user). */
    void logStopReason(StopUser e) {
        String reason = e.getMessage();
        if (reason != null && !reason.equals("user stopped") && stopReasonsLogged.add(reason)) {
            LOG.info(() -> "Users stop: " + reason);
        }
    }

    void startBackground(Runnable work) {
        Thread t = Thread.ofVirtual().name("background").unstarted(() -> {
            try {
                work.run();
            } finally {
                background.remove(Thread.currentThread());
            }
        });
        background.add(t);
        t.start();
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
        // past the stop timeout no user starts a request; one already sent is answered and counted (the target has
        // it), bounded by the response timeout; every other user is interrupted now
        List<VirtualUser> sending = new ArrayList<>();
        for (VirtualUser u : allUsers) {
            if (u.thread.isAlive()) {
                if (RequestsInFlight.close(u.thread)) {
                    sending.add(u);
                } else {
                    u.thread.interrupt();
                }
            }
        }
        long answerDeadline = System.nanoTime() + IN_FLIGHT_LIMIT.toNanos();
        for (VirtualUser u : sending) {
            while (RequestsInFlight.sending(u.thread) && System.nanoTime() < answerDeadline) {
                LockSupport.parkNanos(this, 1_000_000);
            }
            u.thread.interrupt();
        }
        long joinDeadline = System.nanoTime() + JOIN_AFTER_INTERRUPT.toNanos();
        for (VirtualUser u : allUsers) {
            long left = Math.max(1, joinDeadline - System.nanoTime());
            if (!u.thread.join(Duration.ofNanos(left))) {
                LOG.warning(() -> u.thread.getName() + " did not stop within " + JOIN_AFTER_INTERRUPT.toSeconds()
                        + " s of being interrupted; its task ignores interruption");
            }
            RequestsInFlight.forget(u.thread);
        }
        return killed;
    }

    /** Background work still running when the test stops is cut, and not recorded. */
    private void stopBackground() throws InterruptedException {
        List<Thread> running = new ArrayList<>(background);
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + JOIN_AFTER_INTERRUPT.toNanos();
        for (Thread t : running) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /**
     * Where the users and background work whose threads are still alive are in the scenario's own code, most common
     * place first: {@code "Spin.spin(Spin.java:5): 2 users"}. For saying why a run does not end.
     */
    public List<String> whereBusy(int max) {
        java.util.Map<String, Integer> places = new java.util.LinkedHashMap<>();
        List<Thread> threads = new ArrayList<>();
        allUsers.forEach(u -> threads.add(u.thread));
        threads.addAll(background);
        for (Thread t : threads) {
            if (t == null || !t.isAlive()) {
                continue;
            }
            String place = null;
            for (StackTraceElement frame : t.getStackTrace()) {
                if (scenario.file().equals(frame.getFileName())) {
                    place = frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                            + frame.getLineNumber() + ")";
                    break;
                }
            }
            places.merge(place == null ? "outside the scenario's code" : place, 1, Integer::sum);
        }
        return places.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(max)
                .map(e -> e.getKey() + ": " + e.getValue() + (e.getValue() == 1 ? " thread" : " threads"))
                .toList();
    }

    /** Sleeps; returns true when woken early because the run, or this user, stops. */
    boolean sleepUnlessStopping(long nanos) {
        VirtualUser self = VirtualUser.current();
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

    /** A feeder of rows each used once ran out: its message says which, when, and what happens now. */
    static final class DataExhausted extends RuntimeException {
        DataExhausted(String message) {
            super(message, null, false, false);
        }
    }
}
