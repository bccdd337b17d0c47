package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.UserClassModel;
import dev.barrage.scenario.User;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One virtual user: its class, its thread and its life: start, tasks (in a loop, or one per iteration handed over
 * by the open model), stop.
 */
final class VirtualUser {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());
    static final long NO_ITERATION = Long.MIN_VALUE;
    private static final ThreadLocal<VirtualUser> CURRENT = new ThreadLocal<>();

    final UserClassModel model;
    private final LoadEngine engine;
    private final ArrivalRateExecutor arrivals;
    Thread thread;
    volatile boolean stopRequested;
    volatile boolean finishedOnItsOwn;
    private volatile long nextIteration;

    /** @param arrivals null in the closed model; else the executor that hands this user its iterations */
    VirtualUser(UserClassModel model, LoadEngine engine, ArrivalRateExecutor arrivals, long firstIteration) {
        this.model = model;
        this.engine = engine;
        this.arrivals = arrivals;
        this.nextIteration = firstIteration;
    }

    static VirtualUser current() {
        return CURRENT.get();
    }

    void requestStop() {
        stopRequested = true;
        LockSupport.unpark(thread);
    }

    boolean mustStop() {
        return engine.stopping() || stopRequested;
    }

    /** Open model: hands this idle user the iteration due at {@code intendedNanos}. */
    void assign(long intendedNanos) {
        nextIteration = intendedNanos;
        LockSupport.unpark(thread);
    }

    /** Open model: waits for the next iteration; {@link #NO_ITERATION} when the run stops first. */
    long awaitIteration() {
        while (true) {
            long next = nextIteration;
            if (next != NO_ITERATION) {
                nextIteration = NO_ITERATION;
                return next;
            }
            if (mustStop()) {
                return NO_ITERATION;
            }
            LockSupport.park(this);
            if (Thread.currentThread().isInterrupted()) {
                return NO_ITERATION;
            }
        }
    }

    void run() {
        CURRENT.set(this);
        VirtualUserRuntime runtime = new VirtualUserRuntime(engine, engine.recorder());
        User user = null;
        TaskRunner tasks = null;
        try {
            user = model.newInstance();
            UserBinding.bind(user, runtime);
            tasks = new TaskRunner(engine, this, runtime, user);
            if (!tasks.hook(user, true)) {
                return;
            }
            if (arrivals == null) {
                tasks.loop();
            } else {
                runIterations(tasks, runtime);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            if (engine.recorder().recordException(cause)) {
                LOG.log(Level.SEVERE, "cannot start user " + model.name() + ": " + cause, cause);
            }
        } finally {
            try {
                if (tasks != null && !Thread.currentThread().isInterrupted()) {
                    tasks.hook(user, false);
                }
            } finally {
                runtime.close();
                engine.userEnded();
                finishedOnItsOwn = !stopRequested;
                CURRENT.remove();
            }
        }
    }

    private void runIterations(TaskRunner tasks, VirtualUserRuntime runtime) {
        long intended = awaitIteration();
        // an iteration handed over runs even if the run starts stopping now: the stop timeout decides its fate
        while (intended != NO_ITERATION) {
            runtime.startIteration(intended);
            if (!tasks.iteration()) {
                return;
            }
            if (mustStop()) {
                return;
            }
            arrivals.idle(this);
            intended = awaitIteration();
        }
    }
}
