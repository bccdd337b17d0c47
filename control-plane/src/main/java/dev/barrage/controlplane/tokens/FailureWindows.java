package dev.barrage.controlplane.tokens;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failures per key within a fixed window that starts at a key's first failure, for at most {@code capacity} keys: the
 * least recently failed key is forgotten first, so a flood of distinct keys costs memory it never grows past.
 */
final class FailureWindows {
    private record Window(long startedAt, int failures) {}

    private final long windowMillis;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Window> windows;

    FailureWindows(int capacity, long windowMillis, LongSupplier clock) {
        this.windowMillis = windowMillis;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized int count(String key) {
        Window w = windows.get(key);
        if (w == null) {
            return 0;
        }
        if (expired(w)) {
            windows.remove(key);
            return 0;
        }
        return w.failures();
    }

    synchronized void add(String key) {
        Window w = windows.get(key);
        windows.put(key, w == null || expired(w) ? new Window(clock.getAsLong(), 1) : new Window(w.startedAt(), w.failures() + 1));
    }

    synchronized int size() {
        return windows.size();
    }

    private boolean expired(Window w) {
        return clock.getAsLong() - w.startedAt() >= windowMillis;
    }
}
