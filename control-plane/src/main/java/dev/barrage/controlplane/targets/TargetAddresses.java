package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.security.ProblemException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/** What a target's name and addresses are, as far as who may load-test it is concerned. */
enum TargetAddresses {
    /** localhost, 127.0.0.0/8, ::1: the platform's own machine. */
    LOOPBACK,
    /**
     * Link-local (169.254.0.0/16 with the clouds' metadata services, fe80::/10), EC2's IPv6 metadata service
     * fd00:ec2::254, the wildcard and multicast addresses: never.
     */
    FORBIDDEN,
    /**
     * Private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10, carrier-grade NAT and some clouds' service
     * ranges) and cluster names (*.svc, *.cluster.local, *.internal, single-label names): the platform's own network
     * or its neighbours'. Proof of ownership as for a public host, and no trial run.
     */
    PRIVATE,
    /** Anything else: someone's service, which needs its owner's consent. */
    PUBLIC;

    private static final List<String> CLUSTER_SUFFIXES = List.of(".svc", ".cluster.local", ".internal", ".local");

    static TargetAddresses of(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ProblemException(422, "Target Unreachable", "the target host " + host + " does not resolve")
                    .with("field", "host");
        }
        return of(host, List.of(addresses));
    }

    /** The strictest class of any of the addresses (a name with one private address among public ones is private). */
    static TargetAddresses of(String host, List<InetAddress> addresses) {
        boolean loopback = false;
        boolean internal = clusterName(host);
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress() || ec2Metadata(a)) {
                return FORBIDDEN;
            }
            loopback |= a.isLoopbackAddress();
            internal |= isPrivate(a);
        }
        return internal ? PRIVATE : loopback ? LOOPBACK : PUBLIC;
    }

    static boolean clusterName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.contains(":") || h.matches("[0-9.]+")) {
            return false;
        }
        return !h.contains(".") || CLUSTER_SUFFIXES.stream().anyMatch(h::endsWith);
    }

    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
        }
        return (b[0] & 0xfe) == 0xfc || a.isSiteLocalAddress();
    }

    private static boolean ec2Metadata(InetAddress a) {
        return a instanceof Inet6Address && a.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
    }

    /** The host part of a URL or a bare host name, lower case, without brackets or port. */
    static String normalise(String hostOrUrl) {
        String h = hostOrUrl == null ? "" : hostOrUrl.trim().toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
