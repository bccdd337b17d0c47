package dev.barrage.scenario;

/** Work run beside a user by {@link TaskHolder#background}. */
@FunctionalInterface
public interface BackgroundWork {
    /** @param http an HTTP client of its own, with the user's default headers; null when the run has no host */
    void run(Http http) throws Exception;
}
