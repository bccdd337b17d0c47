package dev.barrage.runner.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hosts and ports a run's HTTP client may connect to. A hosted run gets its targets (the control plane checked
 * and pinned them); {@code barrage run} on one's own machine goes anywhere, as Locust does.
 */
public final class TargetAllowList {
    private static final TargetAllowList ANYWHERE = new TargetAllowList(null, null);

    /** {@code host:port}, the host lower case without brackets; null: anywhere. */
    private final Set<String> allowed;
    /** The hosts alone, to say when only the port is wrong. */
    private final Set<String> hosts;

    private TargetAllowList(Set<String> allowed, Set<String> hosts) {
        this.allowed = allowed;
        this.hosts = hosts;
    }

    public static TargetAllowList anywhere() {
        return ANYWHERE;
    }

    public record HostPort(String host, int port) {}

    public static TargetAllowList of(Collection<HostPort> targets) {
        return new TargetAllowList(targets.stream().map(t -> key(t.host(), t.port())).collect(Collectors.toUnmodifiableSet()),
                targets.stream().map(t -> bare(t.host())).collect(Collectors.toUnmodifiableSet()));
    }

    public boolean restricted() {
        return allowed != null;
    }

    /**
     * The one check before any connection is asked for, whatever led to the request (a path, an absolute URL, and a
     * redirect's Location once redirects are followed: each hop must come here, through
     * {@link UserHttpClient#connection}).
     */
    void check(Origin origin) throws TargetNotAllowedException {
        if (allowed != null && !allowed.contains(key(origin.host(), origin.port()))) {
            String host = bare(origin.host());
            throw new TargetNotAllowedException(hosts.contains(host)
                    ? (host.contains(":") ? "[" + host + "]" : host) + ":" + origin.port() : host);
        }
    }

    private static String key(String host, int port) {
        return bare(host) + ":" + port;
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
