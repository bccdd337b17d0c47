package dev.barrage.controlplane.tokens;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down token guessing: after {@link #LIMIT} failed token checks from one address within a minute, that
 * address's tokens are refused until the minute has passed.
 */
@ApplicationScoped
public class FailedAttempts {
    static final int LIMIT = 10;
    static final long WINDOW_MILLIS = 60_000;

    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public boolean blocked(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= LIMIT;
        }
    }

    public void failed(String address) {
        Deque<Long> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(System.currentTimeMillis());
        }
    }

    private static void prune(Deque<Long> times) {
        long cutoff = System.currentTimeMillis() - WINDOW_MILLIS;
        while (!times.isEmpty() && times.peekFirst() < cutoff) {
            times.removeFirst();
        }
    }
}
