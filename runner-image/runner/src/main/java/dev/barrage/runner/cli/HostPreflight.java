package dev.barrage.runner.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Before a local run starts: does the host resolve and accept a TCP connection? Without it, a misspelt host or a
 * closed port fails every request for the whole run time with no early word. One connection, closed at once; the
 * target sees nothing else.
 */
final class HostPreflight {
    private HostPreflight() {
    }

    static Optional<String> problem(URI host, Duration timeout) {
        int port = host.getPort() != -1 ? host.getPort() : "https".equalsIgnoreCase(host.getScheme()) ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("the host '" + host.getHost() + "' of " + host + " does not resolve");
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                return Optional.empty();
            } catch (IOException e) {
                last = e;
            }
        }
        String why = last instanceof SocketTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                : last instanceof ConnectException ? "connection refused" : String.valueOf(last.getMessage());
        return Optional.of("nothing accepts connections at " + host.getHost() + ":" + port + " (" + why + ")");
    }
}
