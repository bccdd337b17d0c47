package dev.barrage.controlplane.integrations;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Addresses inside someone's own network, which an integration never needs to reach from a hosted control plane. */
final class PrivateAddresses {
    private PrivateAddresses() {}

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 // shared address space (carrier NAT)
                    || first == 198 && (second == 18 || second == 19) || first >= 240;
        }
        return (b[0] & 0xfe) == 0xfc; // IPv6 unique local, fc00::/7
    }
}
