package dev.barrage.scenario;

/** Work run beside a user by {@link TaskHolder#background}, with an HTTP client of its own. */
@FunctionalInterface
public interface BackgroundWork {
    void run(Http http) throws Exception;
}
