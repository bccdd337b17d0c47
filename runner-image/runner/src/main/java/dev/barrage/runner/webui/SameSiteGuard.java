package dev.barrage.runner.webui;

import com.sun.net.httpserver.Headers;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps web pages the user visits from driving the runner through the user's browser. A form on any site can POST to
 * http://127.0.0.1:8089/swarm without asking (a "simple" cross-site request), and a page whose name is re-pointed to
 * 127.0.0.1 (DNS rebinding) can even read the answers; either would aim load at a host of the attacker's choosing.
 * So a request is refused when a browser says it comes from another site ({@code Sec-Fetch-Site}, {@code Origin})
 * or, when the runner listens on a loopback address, when its {@code Host} is not a loopback name. Scripts (curl,
 * Python) send neither header and a loopback Host, and are served.
 */
final class SameSiteGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean loopbackOnly;

    SameSiteGuard(InetAddress listening) {
        this.loopbackOnly = listening.isLoopbackAddress();
    }

    /** Why the request is refused, or empty when it may be served. */
    Optional<String> refusal(Headers headers) {
        String host = headers.getFirst("Host");
        if (host == null || host.isBlank()) {
            return Optional.of("no Host header");
        }
        if (loopbackOnly && !LOOPBACK_NAMES.contains(hostName(host))) {
            return Optional.of("Host '" + host + "' is not this runner's address (it listens on loopback only); open it as "
                    + "http://127.0.0.1:PORT");
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !(site.equals("same-origin") || site.equals("none"))) {
            return Optional.of("a request from another site (Sec-Fetch-Site: " + site + ")");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return Optional.of("a request from another origin (" + origin + ")");
        }
        return Optional.empty();
    }

    private static String hostName(String hostHeader) {
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        try {
            String name = URI.create("http://" + h).getHost();
            return name == null ? h : name;
        } catch (IllegalArgumentException e) {
            return h;
        }
    }
}
