package dev.barrage.runner.engine;

import dev.barrage.runner.http.RequestAbandoned;
import dev.barrage.runner.http.UserHttpClient;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.scenario.Http;
import dev.barrage.scenario.spi.UserRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The engine side of one virtual user. */
final class VirtualUserRuntime implements UserRuntime, AutoCloseable {
    private final LoadEngine engine;
    private final StatsRecorder recorder;
    private UserHttpClient http;

    VirtualUserRuntime(LoadEngine engine, StatsRecorder recorder) {
        this.engine = engine;
        this.recorder = recorder;
    }

    @Override
    public Http http() {
        if (http == null) {
            if (engine.options().host() == null) {
                throw new IllegalStateException("no host to send HTTP requests to: pass -H/--host");
            }
            http = new UserHttpClient(engine.options().host(), recorder);
        }
        return http;
    }

    @Override
    public String host() {
        return engine.options().host() == null ? "" : engine.options().host().toString();
    }

    @Override
    public Optional<String> parameter(String key) {
        String value = engine.options().parameters().get(key);
        return Optional.ofNullable(value != null ? value : System.getenv(key));
    }

    @Override
    public <T> T measure(String type, String name, Callable<T> work) {
        long start = System.nanoTime();
        try {
            T result = work.call();
            recorder.record(type, name, (System.nanoTime() - start) / 1000, 0, null);
            return result;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted() && engine.stopping()) {
                throw new RequestAbandoned();
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            recorder.record(type, name, (System.nanoTime() - start) / 1000, 0, message);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new MeasurementFailed(message, e);
        }
    }

    @Override
    public boolean stopping() {
        return engine.stopping();
    }

    @Override
    public void sleep(Duration duration) {
        engine.sleepUnlessStopping(duration.toNanos());
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }

    /** A checked exception from measured work, rethrown unchecked so tasks need no throws clause. */
    static final class MeasurementFailed extends RuntimeException {
        MeasurementFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
