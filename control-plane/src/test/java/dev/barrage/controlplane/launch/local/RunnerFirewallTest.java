package dev.barrage.controlplane.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.sandbox.Sandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runners' egress rules, below the JVM: a process of a run's uid (bash's /dev/tcp, no Java in its way) reaches
 * its allowed address and port and nothing else, and nothing at all once the run's rules are gone. Real nftables, in
 * a table of the test's own.
 */
class RunnerFirewallTest {
    private static final String TABLE = "barrage_runners_test";
    private static final int FIRST = 64900;
    private final RunnerFirewall firewall = new RunnerFirewall(TABLE, FIRST, FIRST + 9);

    static final class Listener implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();

        Listener() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @BeforeEach
    void reset() throws IOException {
        firewall.reset();
    }

    @AfterEach
    void drop() throws Exception {
        new ProcessBuilder(RunnerFirewall.NFT, "delete", "table", "inet", TABLE).start().waitFor();
    }

    /** Connects as {@code uid} from bash; true when the connection was made. */
    private static boolean connects(int uid, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new Sandbox(uid, uid, Sandbox.Network.HOST).wrap(List.of("/bin/bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/" + port))).redirectErrorStream(true);
        pb.environment().clear();
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0;
    }

    private static void settle(Listener l, int expected) throws InterruptedException {
        for (int i = 0; i < 100 && l.connections.get() < expected; i++) {
            Thread.sleep(20);
        }
    }

    @Test
    void aRunsUidReachesItsDestinationsOnly() throws Exception {
        try (Listener allowed = new Listener(); Listener other = new Listener()) {
            int uid = FIRST + 1;
            firewall.allow(uid, List.of(new RunnerFirewall.Destination("127.0.0.1", allowed.port())));

            assertThat(connects(uid, allowed.port())).isTrue();
            assertThat(connects(uid, other.port())).isFalse();
            settle(allowed, 1);
            assertThat(allowed.connections.get()).isEqualTo(1);
            assertThat(other.connections.get()).isZero();
            assertThat(firewall.list()).contains("meta skuid vmap @runs").contains("run_" + uid)
                    .contains("ip daddr 127.0.0.1 tcp dport " + allowed.port() + " accept");

            // the run ended: its uid reaches nothing, not even what it was allowed
            firewall.remove(uid);
            assertThat(connects(uid, allowed.port())).isFalse();
            assertThat(firewall.list()).doesNotContain("run_" + uid);

            // a uid outside the runners' range is none of these rules' business (the control: the listener works)
            assertThat(connects(FIRST - 1, other.port())).isTrue();
            settle(other, 1);
            assertThat(other.connections.get()).isEqualTo(1);
            assertThat(allowed.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aResetRemovesTheRulesOfRunsAnEarlierInstanceNeverEnded() throws Exception {
        try (Listener allowed = new Listener()) {
            int uid = FIRST + 2;
            firewall.allow(uid, List.of(new RunnerFirewall.Destination("127.0.0.1", allowed.port())));
            firewall.reset();
            assertThat(firewall.list()).doesNotContain("run_" + uid);
            assertThat(connects(uid, allowed.port())).isFalse();
            assertThat(allowed.connections.get()).isZero();
        }
    }
}
