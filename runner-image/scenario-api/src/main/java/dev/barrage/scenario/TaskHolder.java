package dev.barrage.scenario;

import dev.barrage.scenario.spi.UserRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What users and task sets have in common (Locust's TaskHolder): tasks, a wait time, start and stop hooks, and the
 * helpers that task code calls. Extend {@link HttpUser}, {@link User}, {@link TaskSet} or {@link SequentialTaskSet}.
 */
public abstract class TaskHolder {
    private UserRuntime runtime;

    TaskHolder() {}

    /** Called once before the first task (for a task set: each time it is entered). */
    public void onStart() {}

    /** Called once after the last task, also when the run ends (for a task set: each time it is left). */
    public void onStop() {}

    /** Time to wait after each task; no wait by default. */
    protected WaitTime waitTime() {
        return WaitTime.none();
    }

    /** The run's target host ({@code -H}), e.g. {@code http://127.0.0.1:8099}. */
    protected final String host() {
        return runtime().host();
    }

    /** A parameter given on the command line with {@code -e KEY=VALUE}, or from the environment. */
    protected final Optional<String> parameter(String key) {
        return runtime().parameter(key);
    }

    /**
     * Time non-HTTP work and record it in the run's statistics under {@code type} and {@code name}, e.g.
     * {@code measure("redis", "PUBLISH orders", () -> jedis.publish("orders", msg))}. An exception marks the
     * measurement failed with its message and is rethrown.
     */
    protected final <T> T measure(String type, String name, Callable<T> work) {
        return runtime().measure(type, name, work);
    }

    protected final void measure(String type, String name, Runnable work) {
        runtime().measure(type, name, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Records a time your own code measured, under {@code type} and {@code name} (Locust's firing a request event
     * yourself), e.g. how long a message took from publication to delivery.
     */
    protected final void record(String type, String name, Duration time) {
        runtime().record(type, name, time, null);
    }

    /** Records a failure with its message, grouped by it in the failure report. */
    protected final void recordFailure(String type, String name, Duration time, String message) {
        runtime().record(type, name, time, message == null || message.isBlank() ? "failed" : message);
    }

    /**
     * Runs {@code work} beside this user, timed as one measurement from now until it returns (the async pattern:
     * start a job, poll until it is done). The task goes on at once. {@code work} gets an HTTP client of its own with
     * this user's default headers; an exception marks the measurement failed. Background work still running when
     * the test stops is interrupted and not recorded.
     */
    protected final void background(String type, String name, BackgroundWork work) {
        runtime().background(type, name, work);
    }

    /** True once the run is stopping; long loops inside a task should return when they see it. */
    protected final boolean stopping() {
        return runtime().stopping();
    }

    /** Sleep inside a task; returns early when the run stops. */
    protected final void sleep(Duration duration) {
        runtime().sleep(duration);
    }

    protected static WaitTime between(Duration min, Duration max) {
        return WaitTime.between(min, max);
    }

    protected static WaitTime constant(Duration wait) {
        return WaitTime.constant(wait);
    }

    protected static WaitTime constantPacing(Duration pacing) {
        return WaitTime.constantPacing(pacing);
    }

    protected static WaitTime constantThroughput(double tasksPerSecond) {
        return WaitTime.constantThroughput(tasksPerSecond);
    }

    protected static CheckResult ok() {
        return CheckResult.ok();
    }

    protected static CheckResult fail(String message) {
        return CheckResult.fail(message);
    }

    UserRuntime runtime() {
        if (runtime == null) {
            throw new IllegalStateException("this " + getClass().getSimpleName()
                    + " is not running inside the Barrage engine");
        }
        return runtime;
    }
}
