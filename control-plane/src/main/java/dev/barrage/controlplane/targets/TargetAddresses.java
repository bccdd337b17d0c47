package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.security.ProblemException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What a target host name resolves to, as far as who may load-test it is concerned. */
enum TargetAddresses {
    /** localhost, 127.0.0.0/8, ::1: the platform's own machine. */
    LOOPBACK,
    /** Link-local (169.254.0.0/16 with the clouds' metadata services, fe80::/10) or the wildcard address: never. */
    FORBIDDEN,
    /** Anything else: someone's service, which needs its owner's consent. */
    PUBLIC;

    static TargetAddresses of(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ProblemException(422, "Target Unreachable", "the target host " + host + " does not resolve")
                    .with("field", "host");
        }
        boolean loopback = false;
        for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                return FORBIDDEN;
            }
            loopback |= a.isLoopbackAddress();
        }
        return loopback ? LOOPBACK : PUBLIC;
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
