package dev.barrage.scenario.spi;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Where the test data files of the scenario being loaded are. The engine loads (initializes) a scenario's classes
 * inside {@link #resolvingWith}, so that static {@code Feeder.csv("users.csv")} fields find the file next to the
 * scenario and a missing file fails the scenario before any load is sent.
 */
public final class DataFiles {
    private static final ThreadLocal<Function<String, Path>> RESOLVER = new ThreadLocal<>();
    private static volatile Share share = new Share(0, 1);
    private static volatile java.util.function.BiConsumer<String, Boolean> exhausted = (message, stopRun) -> { };

    /** This runner's part of the run: runner {@code index} of {@code count}, numbered from 0. */
    public record Share(int index, int count) {}

    /**
     * Set by a runner of a platform run before it loads the scenario: a feeder whose rows are each used once takes
     * only this runner's share (every {@code count}-th row from {@code index}), so no two runners hand out one row.
     */
    public static void share(int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("runner " + index + " of " + count);
        }
        share = new Share(index, count);
    }

    public static Share share() {
        return share;
    }

    /** Set by the engine: told when a feeder runs out of rows (with a message), and whether the run must stop. */
    public static void onExhausted(java.util.function.BiConsumer<String, Boolean> listener) {
        exhausted = listener;
    }

    /** Called by a feeder whose rows ran out. */
    public static void exhausted(String message, boolean stopRun) {
        exhausted.accept(message, stopRun);
    }

    private DataFiles() {}

    public static <T> T resolvingWith(Function<String, Path> resolver, Callable<T> loading) throws Exception {
        Function<String, Path> previous = RESOLVER.get();
        RESOLVER.set(resolver);
        try {
            return loading.call();
        } finally {
            RESOLVER.set(previous);
        }
    }

    /** The file of that name next to the scenario being loaded. */
    public static Path resolve(String name) {
        Function<String, Path> resolver = RESOLVER.get();
        if (resolver == null) {
            throw new IllegalStateException("test data is read while the scenario loads: declare it in a static field, "
                    + "e.g. static final Feeder USERS = Feeder.csv(\"" + name + "\");");
        }
        return resolver.apply(name);
    }
}
