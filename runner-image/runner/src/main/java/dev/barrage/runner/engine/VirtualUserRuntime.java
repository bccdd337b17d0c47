package dev.barrage.runner.engine;

import dev.barrage.runner.http.RequestAbandoned;
import dev.barrage.runner.http.RequestPhases;
import dev.barrage.runner.http.RequestRecorder;
import dev.barrage.runner.http.UserHttpClient;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.scenario.BackgroundWork;
import dev.barrage.scenario.Http;
import dev.barrage.scenario.spi.UserRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The engine side of one virtual user. Everything the user records goes through {@link #record}, which in the open
 * model adds how late the iteration started to its first request, so that response times count from the intended
 * start and a lagging load generator or a saturated target shows in the percentiles.
 */
final class VirtualUserRuntime implements UserRuntime, RequestRecorder, AutoCloseable {
    private final LoadEngine engine;
    private final StatsRecorder recorder;
    private UserHttpClient http;
    private long pendingLagMicros;

    VirtualUserRuntime(LoadEngine engine, StatsRecorder recorder) {
        this.engine = engine;
        this.recorder = recorder;
    }

    /** An iteration of the open model starts now, though it was due at {@code intendedNanos}. */
    void startIteration(long intendedNanos) {
        pendingLagMicros = Math.max(0, (System.nanoTime() - intendedNanos) / 1000);
    }

    @Override
    public void record(String type, String name, long responseTimeMicros, long contentLength, String error) {
        record(type, name, responseTimeMicros, contentLength, error, null);
    }

    /** The open model's lag is in the response time only: it is in none of an HTTP request's phases. */
    @Override
    public void record(String type, String name, long responseTimeMicros, long contentLength, String error,
            RequestPhases phases) {
        long lag = pendingLagMicros;
        pendingLagMicros = 0;
        recorder.record(type, name, responseTimeMicros + lag, contentLength, error, phases);
    }

    @Override
    public void record(String type, String name, Duration time, String error) {
        recorder.record(type, name, Math.max(0, time.toNanos() / 1000), 0, error);
    }

    @Override
    public Http http() {
        if (http == null) {
            http = newClient(this);
        }
        return http;
    }

    private UserHttpClient newClient(RequestRecorder target) {
        if (engine.options().host() == null) {
            throw new IllegalStateException("no host to send HTTP requests to: pass -H/--host");
        }
        UserHttpClient client = new UserHttpClient(engine.options().host(), target, engine.options().targets());
        TokenRefresher tokens = engine.tokens();
        return tokens == null ? client : client.bearerToken(tokens::current);
    }

    @Override
    public String host() {
        return engine.options().host() == null ? "" : engine.options().host().toString();
    }

    @Override
    public Optional<String> parameter(String key) {
        return engine.parameter(key);
    }

    @Override
    public <T> T measure(String type, String name, Callable<T> work) {
        return timed(type, name, work, this);
    }

    private <T> T timed(String type, String name, Callable<T> work, RequestRecorder target) {
        long start = System.nanoTime();
        try {
            T result = work.call();
            target.record(type, name, (System.nanoTime() - start) / 1000, 0, null);
            return result;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted() && engine.stopping()) {
                throw new RequestAbandoned();
            }
            String message = describe(e);
            target.record(type, name, (System.nanoTime() - start) / 1000, 0, message);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new MeasurementFailed(message, e);
        }
    }

    @Override
    public void background(String type, String name, BackgroundWork work) {
        UserHttpClient own = engine.options().host() == null ? null : newClient(recorder);
        if (own != null && http != null) {
            http.defaultHeaders().forEach(own::defaultHeader);
            own.sharingHttp2With(http); // its TLS settings and proxy too; over HTTP/2, streams of the user's connections
        }
        long start = System.nanoTime();
        engine.startBackground(() -> {
            try (own) {
                work.run(own);
                // work that returns because the test is stopping did not finish: its time means nothing
                if (!engine.stopping()) {
                    recorder.record(type, name, (System.nanoTime() - start) / 1000, 0, null);
                }
            } catch (Exception | AssertionError e) {
                if (!engine.stopping()) {
                    recorder.record(type, name, (System.nanoTime() - start) / 1000, 0, describe(e));
                }
            }
        });
    }

    /**
     * The exception as the failures table shows it; a hosted run's refusal of a host, which libraries wrap in their own
     * exceptions ("Failed to create socket."), is said too.
     */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && m.startsWith(dev.barrage.runner.http.TargetNotAllowedException.PREFIX) && !message.contains(m)) {
                return message + " (" + m + ")";
            }
        }
        return message;
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
