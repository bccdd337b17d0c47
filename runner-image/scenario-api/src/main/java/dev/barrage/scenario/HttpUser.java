package dev.barrage.scenario;

/**
 * A virtual user that talks HTTP, Locust's {@code HttpUser}/{@code FastHttpUser}: {@link #client} sends requests
 * to the run's host over a keep-alive connection of its own and records each one.
 */
public abstract class HttpUser extends User {
    /** This user's HTTP client, ready before {@link #onStart()}. */
    protected Http client;
}
