package dev.barrage.runner.engine;

import dev.barrage.runner.http.RequestAbandoned;
import dev.barrage.runner.http.UserHttpClient;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.scenario.TokenProvider;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The runner's side of a scenario's {@link TokenProvider}: one thread fetches tokens (so there is never more than one
 * fetch at a time, whatever the number of users), the next one a margin before the current one expires, a failed
 * fetch again after a doubling backoff. Users ask {@link #current()} at each request and wait only while no valid
 * token exists. Every fetch is recorded as one request of type {@link #TYPE} under the provider's name.
 */
final class TokenRefresher {
    static final String TYPE = "AUTH";
    private static final Logger LOG = Logger.getLogger(TokenRefresher.class.getName());

    private final TokenProvider provider;
    private final URI host;
    private final StatsRecorder recorder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Thread thread;
    private volatile boolean stopped;
    // guarded by lock
    private String token;
    private long expiresAtNanos;
    private long refreshAtNanos;
    private long retryAtNanos;
    private int failures;

    private final dev.barrage.runner.http.TargetAllowList targets;

    TokenRefresher(TokenProvider provider, URI host, dev.barrage.runner.http.TargetAllowList targets, StatsRecorder recorder) {
        this.targets = targets;
        this.provider = provider;
        this.host = host;
        this.recorder = recorder;
    }

    void start() {
        thread = Thread.ofVirtual().name("barrage-token-" + provider.name()).start(this::loop);
    }

    /** Stops refreshing; users still waiting for a token give up (their request is not sent nor recorded). */
    void stop() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(5));
        }
        signal();
    }

    /** A valid token; waits while there is none (the first fetch, or every retry failed until it expired). */
    String current() {
        lock.lock();
        try {
            while (token == null || System.nanoTime() >= expiresAtNanos) {
                if (stopped) {
                    throw new RequestAbandoned();
                }
                try {
                    changed.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RequestAbandoned();
                }
            }
            return token;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try (UserHttpClient http = new UserHttpClient(host, (type, name, micros, bytes, error) -> {}, targets)) {
            while (!stopped) {
                long due;
                lock.lock();
                try {
                    due = Math.max(token == null ? 0 : refreshAtNanos, retryAtNanos);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        changed.awaitNanos(wait);
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
                fetch(http);
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private void fetch(UserHttpClient http) {
        long start = System.nanoTime();
        TokenProvider.Token fetched = null;
        String error = null;
        try {
            fetched = provider.fetch().fetch(http);
            if (fetched == null) {
                error = "the token fetch returned no token";
            }
        } catch (Exception | AssertionError e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long end = System.nanoTime();
        if (stopped) {
            return; // cut by the end of the test: its time means nothing
        }
        recorder.record(TYPE, provider.name(), (end - start) / 1000, 0, error);
        lock.lock();
        try {
            if (error == null) {
                Duration lifetime = fetched.expiresIn();
                // the token's life counts from when it was asked for: the server's clock started later
                token = fetched.value();
                expiresAtNanos = start + lifetime.toNanos();
                refreshAtNanos = start + provider.refreshAfter(lifetime).toNanos();
                failures = 0;
                retryAtNanos = 0;
            } else {
                failures++;
                Duration delay = provider.retryDelay(failures);
                retryAtNanos = end + delay.toNanos();
                if (failures == 1 || Integer.bitCount(failures) == 1) {
                    String message = error;
                    int n = failures;
                    LOG.warning(() -> "Token fetch failed (" + n + (n == 1 ? " time" : " times in a row")
                            + "), retrying in " + delay.toMillis() + " ms"
                            + (token != null && System.nanoTime() < expiresAtNanos ? " while the current token is valid"
                                    : "; users wait for a token") + ": " + message);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
