package dev.barrage.scenario;

import java.util.Map;
import java.util.Optional;

/**
 * The cookie jar of one virtual user (Locust's {@code self.client.cookies}). Cookies the server sets are kept by the
 * rules of RFC 6265 (domain, path, expiry, {@code Secure}, host-only) and sent back on every later request they
 * match, redirects included. The jar starts empty each time a user starts.
 */
public interface Cookies {
    /** The value of the cookie of that name that a request to the run's host (at {@code /}) would carry. */
    Optional<String> get(String name);

    /** Every cookie a request to {@code url} (an absolute URL, or a path on the run's host) would carry. */
    Map<String, String> forUrl(String url);

    /** Sets a host-only cookie for the run's host, path {@code /}, for the rest of the user's life. */
    Cookies set(String name, String value);

    /** Sets a cookie for {@code domain} (and its subdomains) under {@code path}. */
    Cookies set(String name, String value, String domain, String path);

    /** Removes every cookie of that name. */
    Cookies remove(String name);

    /** Empties the jar (a fresh session, as after a logout). */
    Cookies clear();
}
