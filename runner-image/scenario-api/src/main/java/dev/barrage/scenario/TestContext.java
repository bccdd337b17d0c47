package dev.barrage.scenario;

import java.util.Optional;

/** What {@link OnTestStart} and {@link OnTestStop} methods may ask about the run. */
public interface TestContext {
    /** The run's target host ({@code -H}), or "" when there is none. */
    String host();

    /** A parameter given with {@code -e KEY=VALUE}, or from the environment. */
    Optional<String> parameter(String key);
}
