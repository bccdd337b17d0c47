package dev.barrage.controlplane.launch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * A host and port a run's runners may reach, with the addresses the name resolved to when the run started. The
 * runners use these addresses and never resolve the name again, so a DNS answer changed after the check (rebinding)
 * cannot move the load somewhere else.
 */
public record PinnedTarget(String host, int port, List<String> addresses) {
    public PinnedTarget {
        addresses = List.copyOf(addresses);
    }

    /** The target of an http(s) URL, resolved now. */
    public static PinnedTarget resolve(URI url) throws UnknownHostException {
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return resolve(url.getHost(), port);
    }

    public static PinnedTarget resolve(String host, int port) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> addresses = Arrays.stream(InetAddress.getAllByName(name)).map(InetAddress::getHostAddress)
                .distinct().toList();
        return new PinnedTarget(name, port, addresses);
    }
}
