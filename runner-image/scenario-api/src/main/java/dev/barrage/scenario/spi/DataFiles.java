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
