package dev.barrage.protocol.launch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The hosts and ports a hosted run may reach, with the addresses each name resolved to when the run started, as the
 * control plane hands them to its runners ({@code BARRAGE_PINNED_TARGETS}): entries separated by {@code ;}, each
 * {@code name port address,address}, e.g. {@code shop.example.com 443 203.0.113.7,2001:db8::7;127.0.0.1 6379 127.0.0.1}.
 */
public final class PinnedTargets {
    public static final String ENVIRONMENT = "BARRAGE_PINNED_TARGETS";

    /** One target: the name as the scenario writes it (lower case, without brackets), its port, its addresses. */
    public record Target(String host, int port, List<String> addresses) {
        public Target {
            host = host.toLowerCase(Locale.ROOT);
            addresses = List.copyOf(addresses);
            if (host.isEmpty() || host.contains(" ") || host.contains(";")) {
                throw new IllegalArgumentException("not a host name: '" + host + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " of " + host + " is not within 1..65535");
            }
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException(host + " has no addresses to pin");
            }
        }
    }

    private PinnedTargets() {}

    public static String encode(List<Target> targets) {
        StringBuilder sb = new StringBuilder();
        for (Target t : targets) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(t.host()).append(' ').append(t.port()).append(' ').append(String.join(",", t.addresses()));
        }
        return sb.toString();
    }

    public static List<Target> decode(String text) {
        List<Target> targets = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return targets;
        }
        for (String entry : text.split(";")) {
            String[] parts = entry.trim().split(" ");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a pinned target is 'name port address,address', got '" + entry + "'");
            }
            int port;
            try {
                port = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port of pinned target '" + entry + "' is not a number");
            }
            targets.add(new Target(parts[0], port, Arrays.asList(parts[2].split(","))));
        }
        return List.copyOf(targets);
    }
}
