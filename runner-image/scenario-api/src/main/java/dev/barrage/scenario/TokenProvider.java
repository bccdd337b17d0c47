package dev.barrage.scenario;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A bearer token shared by every user of a runner and refreshed before it expires: auth that lasts a long test.
 * Declare one in a static field of the scenario; the runner then fetches a token before the first request, adds
 * {@code Authorization: Bearer <token>} to every request of every {@link HttpUser} (and of their background work),
 * and fetches the next one a margin before the current one expires, from one place, one fetch at a time, however many
 * users there are. Users wait only while no valid token exists (at the start, or when every refresh failed until the
 * token expired). Each fetch is recorded on its own statistics line, type {@code AUTH} and name {@code token}.
 *
 * <pre>{@code
 * static final TokenProvider AUTH = TokenProvider.oauth(http -> http.post("/auth/token")
 *         .form(Map.of("grant_type", "client_credentials", "client_id", "shop")))
 *     .refreshBefore(Duration.ofSeconds(30));
 * }</pre>
 *
 * A request opts out with {@link Request#withoutToken()}; a request or user that sets its own {@code Authorization}
 * header keeps it. A failed fetch (an exception, an HTTP error, an answer without a token) is recorded as a failure
 * of the {@code AUTH} line and retried with a doubling backoff while the current token is still valid.
 */
public final class TokenProvider {
    /** A token and how long it is valid from when it was requested. */
    public record Token(String value, Duration expiresIn) {
        public Token {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the token is empty");
            }
            if (expiresIn == null || expiresIn.isNegative() || expiresIn.isZero()) {
                throw new IllegalArgumentException("the token's lifetime must be positive, got " + expiresIn);
            }
        }
    }

    /** How to get a token; {@code http} is a client of its own (its requests are timed as the one {@code AUTH} line). */
    @FunctionalInterface
    public interface Fetch {
        Token fetch(Http http) throws Exception;
    }

    /** The default margin: a token is replaced 30 s before it expires (at most half its lifetime before). */
    public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(30);

    private final Fetch fetch;
    private final Duration margin;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final String name;

    private TokenProvider(Fetch fetch, Duration margin, Duration firstRetry, Duration maxRetry, String name) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.margin = margin;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.name = name;
    }

    /** Tokens from your own code, e.g. a request to a login endpoint whose answer you read. */
    public static TokenProvider fetching(Fetch fetch) {
        return new TokenProvider(fetch, DEFAULT_MARGIN, Duration.ofMillis(250), Duration.ofSeconds(10), "token");
    }

    /**
     * Tokens from an OAuth 2 style endpoint: {@code request} builds the request, whose JSON answer carries
     * {@code access_token} and {@code expires_in} (seconds). An answer of 400 or more, or without those fields, is a
     * failed fetch.
     */
    public static TokenProvider oauth(Function<Http, Request> request) {
        Objects.requireNonNull(request, "request");
        return fetching(http -> {
            Response r = request.apply(http).send();
            if (!r.ok()) {
                throw new IllegalStateException("token request answered HTTP " + r.status());
            }
            String token = r.json("/access_token").orElseThrow(
                    () -> new IllegalStateException("token answer has no access_token"));
            String expires = r.json("/expires_in").orElseThrow(
                    () -> new IllegalStateException("token answer has no expires_in"));
            double seconds;
            try {
                seconds = Double.parseDouble(expires);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("token answer's expires_in is not a number: " + expires);
            }
            return new Token(token, Duration.ofMillis((long) (seconds * 1000)));
        });
    }

    /**
     * Fetch the next token when the current one has {@code margin} left (never earlier than half its lifetime, so
     * that a short-lived token is not fetched in a loop).
     */
    public TokenProvider refreshBefore(Duration margin) {
        if (margin == null || margin.isNegative()) {
            throw new IllegalArgumentException("the refresh margin must be zero or positive");
        }
        return new TokenProvider(fetch, margin, firstRetry, maxRetry, name);
    }

    /** After a failed fetch, retry after {@code first}, doubling up to {@code max}. */
    public TokenProvider retryBackoff(Duration first, Duration max) {
        if (first == null || max == null || first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("the retry backoff needs 0 < first <= max");
        }
        return new TokenProvider(fetch, margin, first, max, name);
    }

    /** The name of the statistics line (type {@code AUTH}); {@code token} by default. */
    public TokenProvider name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the statistics name must not be blank");
        }
        return new TokenProvider(fetch, margin, firstRetry, maxRetry, name);
    }

    public Fetch fetch() {
        return fetch;
    }

    public Duration margin() {
        return margin;
    }

    public Duration firstRetry() {
        return firstRetry;
    }

    public Duration maxRetry() {
        return maxRetry;
    }

    public String name() {
        return name;
    }

    /** When, after a token of this lifetime was requested, the next one is fetched. */
    public Duration refreshAfter(Duration lifetime) {
        Duration m = margin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : margin;
        return lifetime.minus(m);
    }

    /** The wait before retry number {@code failures} (1 for the first retry). */
    public Duration retryDelay(int failures) {
        Duration d = firstRetry;
        for (int i = 1; i < failures && d.compareTo(maxRetry) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }

    @Override
    public String toString() {
        return "TokenProvider[" + name + ", refresh " + margin + " before expiry]";
    }
}
