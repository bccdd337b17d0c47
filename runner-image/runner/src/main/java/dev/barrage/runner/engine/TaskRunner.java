package dev.barrage.runner.engine;

import dev.barrage.runner.http.RequestAbandoned;
import dev.barrage.runner.scenario.TaskList;
import dev.barrage.runner.scenario.TaskModel;
import dev.barrage.runner.scenario.TaskSetModel;
import dev.barrage.scenario.InterruptTaskSet;
import dev.barrage.scenario.StopUser;
import dev.barrage.scenario.TaskHolder;
import dev.barrage.scenario.TaskSet;
import dev.barrage.scenario.User;
import dev.barrage.scenario.WaitTime;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the tasks of one user, with Locust's semantics: a task method, or a nested task set that runs its own tasks
 * (with its own start and stop hooks) until {@code interrupt()}; an exception in a task is counted and the user goes
 * on; {@link StopUser} ends the user, running the stop hooks of the task sets it was in on the way out.
 */
final class TaskRunner {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());

    /** What the parent does after a task: wait its wait time, or go on at once (an interrupt with reschedule). */
    private enum Next { WAIT, NOW }

    private final LoadEngine engine;
    private final VirtualUser self;
    private final VirtualUserRuntime runtime;
    private final User user;
    private final WaitTime userWait;
    private final TaskList.Picker picker;

    TaskRunner(LoadEngine engine, VirtualUser self, VirtualUserRuntime runtime, User user) {
        this.engine = engine;
        this.self = self;
        this.runtime = runtime;
        this.user = user;
        WaitTime wait = UserBinding.waitTime(user);
        this.userWait = wait == null ? WaitTime.none() : wait;
        this.picker = self.model.taskList().picker();
    }

    /** The closed model: tasks and waits until the user must stop. */
    void loop() {
        while (!self.mustStop()) {
            long start = System.nanoTime();
            Next next = userTask();
            if (next == null || self.mustStop()) {
                return;
            }
            if (next == Next.WAIT && !pause(userWait, start)) {
                return;
            }
        }
    }

    /** The open model: one task; false when the user must stop. */
    boolean iteration() {
        return userTask() != null;
    }

    /** One task of the user itself, counted as "in a task" for the stop timeout; null when the user must stop. */
    private Next userTask() {
        engine.taskStarted();
        try {
            return run(user, picker.next(), userWait);
        } catch (StopUser e) {
            engine.logStopReason(e);
            return null;
        } catch (RequestAbandoned e) {
            return null;
        } catch (InterruptTaskSet e) {
            return Next.WAIT; // interrupt() of a task set called from outside it: nothing to leave
        } finally {
            engine.taskEnded();
        }
    }

    private Next run(TaskHolder holder, TaskModel task, WaitTime wait) {
        if (task.isTaskSet()) {
            return runTaskSet(task.taskSet());
        }
        try {
            task.method().invoke(holder);
            return Next.WAIT;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StopUser || cause instanceof RequestAbandoned || cause instanceof InterruptTaskSet) {
                throw (RuntimeException) cause;
            }
            if (engine.stopping() && Thread.currentThread().isInterrupted()) {
                throw new RequestAbandoned();
            }
            if (engine.recorder().recordException(cause)) {
                LOG.log(Level.SEVERE, "task " + holder.getClass().getSimpleName() + "." + task.name() + " failed: "
                        + cause + " (further occurrences are counted, not logged)", cause);
            }
            if (cause instanceof Error && !(cause instanceof AssertionError)) {
                throw new StopUser();
            }
            return Next.WAIT;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Next runTaskSet(TaskSetModel model) {
        TaskSet set;
        try {
            set = model.newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            if (engine.recorder().recordException(cause)) {
                LOG.log(Level.SEVERE, "cannot create task set " + model.name() + ": " + cause, cause);
            }
            return Next.WAIT;
        }
        UserBinding.bind(set, runtime, user);
        WaitTime own = UserBinding.waitTime(set);
        WaitTime wait = own == null ? userWait : own;
        try {
            set.onStart();
        } catch (InterruptTaskSet e) {
            return e.reschedule() ? Next.NOW : Next.WAIT;
        } catch (StopUser | RequestAbandoned e) {
            throw e;
        } catch (RuntimeException | Error e) {
            if (engine.stopping() && Thread.currentThread().isInterrupted()) {
                throw new RequestAbandoned();
            }
            if (engine.recorder().recordException(e)) {
                LOG.log(Level.SEVERE, "onStart of " + model.name() + " failed: " + e, e);
            }
            return Next.WAIT;
        }
        TaskList.Picker tasks = model.tasks().picker();
        try {
            while (!self.mustStop()) {
                long start = System.nanoTime();
                Next next;
                try {
                    next = run(set, tasks.next(), wait);
                } catch (InterruptTaskSet e) {
                    hook(set, false);
                    return e.reschedule() ? Next.NOW : Next.WAIT;
                }
                if (self.mustStop()) {
                    break;
                }
                if (next == Next.WAIT && !pause(wait, start)) {
                    break;
                }
            }
        } catch (StopUser | RequestAbandoned e) {
            if (e instanceof StopUser && !Thread.currentThread().isInterrupted()) {
                hook(set, false);
            }
            throw e;
        }
        if (!Thread.currentThread().isInterrupted()) {
            hook(set, false);
        }
        return Next.WAIT;
    }

    /** Waits after a task; false when woken early because the user must stop. */
    private boolean pause(WaitTime wait, long taskStartNanos) {
        Duration d = wait.next(Duration.ofNanos(System.nanoTime() - taskStartNanos));
        return !(d.isPositive() && engine.sleepUnlessStopping(d.toNanos()));
    }

    /** Runs onStart or onStop of the user or a task set; returns false when the user must stop. */
    boolean hook(TaskHolder holder, boolean start) {
        try {
            if (start) {
                holder.onStart();
            } else {
                holder.onStop();
            }
            return true;
        } catch (StopUser e) {
            engine.logStopReason(e);
            return false;
        } catch (RequestAbandoned | InterruptTaskSet e) {
            return !(e instanceof RequestAbandoned);
        } catch (RuntimeException | Error e) {
            if (engine.stopping() && Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (engine.recorder().recordException(e)) {
                LOG.log(Level.SEVERE, (start ? "onStart" : "onStop") + " of " + holder.getClass().getSimpleName()
                        + " failed: " + e + " (further occurrences are counted, not logged)", e);
            }
            return true;
        }
    }
}
