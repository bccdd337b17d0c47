package dev.barrage.runner.scenario;

/** The scenario cannot be run: it does not compile, has no user class, or a user class is malformed. */
public final class ScenarioException extends Exception {
    public ScenarioException(String message) {
        super(message);
    }
}
