package dev.barrage.scenario;

/**
 * A virtual user, Locust's {@code User}. Subclass it (usually through {@link HttpUser}), add {@link Task} methods
 * or nested {@link TaskSet}s, and optionally override {@link #waitTime()}, {@link #onStart()} and
 * {@link #onStop()}. Each virtual user is one instance of the class, created with its no-argument constructor, so
 * fields hold per-user state.
 */
public abstract class User extends TaskHolder {
}
