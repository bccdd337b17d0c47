package dev.barrage.runner.webui;

import dev.barrage.runner.cli.LocalRun;
import dev.barrage.runner.report.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runs of one {@code barrage run} with the web UI: at most one at a time, started, resized and stopped from the page
 * or Locust's web API; each finished run keeps its own report (and writes its own files). What the page and
 * {@code /stats/requests} show is the running run, or else the last finished one until the statistics are reset.
 */
public final class WebUiSession {
    private static final Logger LOG = Logger.getLogger("barrage.web");

    /** Makes run number {@code number} (from 1) of the session; says what is wrong with the swarm otherwise. */
    @FunctionalInterface
    public interface RunFactory {
        LocalRun create(Swarm swarm, int number) throws Swarm.BadField;
    }

    /** Locust's runner states, as {@code /stats/requests} names them. */
    public enum State {
        READY("ready"), SPAWNING("spawning"), RUNNING("running"), STOPPING("stopping"), STOPPED("stopped");

        public final String locustName;

        State(String locustName) {
            this.locustName = locustName;
        }
    }

    /** A run that ended: its number in the session, what was asked, its final report (null when it failed to run). */
    public record FinishedRun(int number, Swarm swarm, RunReport report, String error) {}

    private final RunFactory factory;
    private final Swarm defaults;
    private final Duration stopWait;
    private final Duration autoquit;
    private final List<FinishedRun> finished = new ArrayList<>();
    private final CountDownLatch quit = new CountDownLatch(1);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "barrage-web-timer");
        t.setDaemon(true);
        return t;
    });
    private LocalRun current;
    private Swarm currentSwarm;
    private Thread currentThread;
    private int runs;
    private boolean cleared;
    private ScheduledFuture<?> pendingQuit;

    /**
     * @param stopWait how long {@link #stop()} waits for the run to end and write its reports
     * @param autoquit quit this long after a run ends (Locust's --autoquit); null never
     */
    public WebUiSession(RunFactory factory, Swarm defaults, Duration stopWait, Duration autoquit) {
        this.factory = factory;
        this.defaults = defaults;
        this.stopWait = stopWait;
        this.autoquit = autoquit;
    }

    public Swarm defaults() {
        return defaults;
    }

    /**
     * Starts a run, or, while one runs, changes its user count and spawn rate (as Locust's form does when a test is
     * running). Returns the message for the caller.
     */
    public synchronized String swarm(Swarm swarm) throws Swarm.BadField {
        if (current != null) {
            if (swarm.host() != null && currentSwarm.host() != null && !swarm.host().equals(currentSwarm.host())) {
                throw new Swarm.BadField("host cannot change while a run is running (it targets " + currentSwarm.host()
                        + "); stop it first, then start again with the new host");
            }
            try {
                current.setUsers(swarm.users(), swarm.spawnRate());
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new Swarm.BadField(e.getMessage());
            }
            currentSwarm = new Swarm(swarm.users(), swarm.spawnRate(), currentSwarm.host(), currentSwarm.runTime());
            LOG.info(() -> "Run " + runs + ": now " + swarm.describe());
            return "Swarming started";
        }
        int number = runs + 1;
        LocalRun run = factory.create(swarm, number);
        runs = number;
        if (pendingQuit != null) {
            pendingQuit.cancel(false);
            pendingQuit = null;
        }
        current = run;
        currentSwarm = swarm;
        cleared = false;
        currentThread = Thread.ofPlatform().name("barrage-web-run-" + number).start(() -> runToTheEnd(run, swarm, number));
        LOG.info(() -> "Run " + number + ": " + swarm.describe());
        return "Swarming started";
    }

    private void runToTheEnd(LocalRun run, Swarm swarm, int number) {
        RunReport report = null;
        String error = null;
        try {
            report = run.run();
        } catch (InterruptedException e) {
            error = "interrupted";
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            error = e.getMessage();
            LOG.log(Level.SEVERE, "Run " + number + " failed: " + e.getMessage());
        }
        synchronized (this) {
            finished.add(new FinishedRun(number, swarm, report, error));
            if (current == run) {
                current = null;
                currentSwarm = null;
                currentThread = null;
            }
            if (autoquit != null) {
                pendingQuit = timers.schedule(quit::countDown, autoquit.toMillis(), TimeUnit.MILLISECONDS);
            }
            notifyAll();
        }
    }

    /** Stops the running run, if any, and returns once it has ended and written its reports (bounded by stopWait). */
    public void stop() throws InterruptedException {
        Thread running;
        synchronized (this) {
            if (current == null) {
                return;
            }
            current.stop();
            running = currentThread;
        }
        running.join(stopWait);
    }

    /** Locust's reset: the running run counts afresh from now; when none runs, the view is emptied (reports stay). */
    public synchronized void reset() {
        if (current != null) {
            current.resetStatistics();
        } else {
            cleared = true;
        }
    }

    public synchronized State state() {
        if (current != null) {
            if (current.stopping()) {
                return State.STOPPING;
            }
            return current.runningUsers() < currentSwarm.users() ? State.SPAWNING : State.RUNNING;
        }
        return finished.isEmpty() ? State.READY : State.STOPPED;
    }

    /** The numbers to show: the running run's so far, else the last finished run's, else none. */
    public synchronized Optional<RunReport> view() {
        if (current != null) {
            return Optional.ofNullable(current.liveReport());
        }
        if (cleared || finished.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(finished.getLast().report());
    }

    public synchronized int userCount() {
        return current == null ? 0 : current.runningUsers();
    }

    /** The swarm of the running run (its users as last changed); empty when none runs. */
    public synchronized Optional<Swarm> running() {
        return Optional.ofNullable(currentSwarm);
    }

    public synchronized List<FinishedRun> finished() {
        return List.copyOf(finished);
    }

    public synchronized Optional<FinishedRun> finished(int number) {
        return finished.stream().filter(r -> r.number() == number).findFirst();
    }

    /** Blocks until --autoquit's time after a run has passed (forever without --autoquit: Ctrl-C ends the runner). */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    /** Ctrl-C: stops the running run and waits for its reports, as --headless does; {@link #awaitQuit()} returns. */
    public void shutdown() throws InterruptedException {
        stop();
        timers.shutdownNow();
        quit.countDown();
    }
}
