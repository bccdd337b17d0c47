package dev.barrage.scenario.spi;

import dev.barrage.scenario.BackgroundWork;
import dev.barrage.scenario.Http;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What the engine provides to each virtual user. Implemented by the runner; scenario authors never use it directly,
 * they call the methods of {@link dev.barrage.scenario.TaskHolder}.
 */
public interface UserRuntime {
    Http http();

    String host();

    Optional<String> parameter(String key);

    <T> T measure(String type, String name, Callable<T> work);

    /** Records a time measured by scenario code; {@code error} is null for a success. */
    void record(String type, String name, Duration time, String error);

    void background(String type, String name, BackgroundWork work);

    boolean stopping();

    /** Sleep, returning early when the run stops. */
    void sleep(Duration duration);
}
