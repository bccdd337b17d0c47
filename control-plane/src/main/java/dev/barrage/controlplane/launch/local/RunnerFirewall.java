package dev.barrage.controlplane.launch.local;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The egress allow list of local runners, below the JVM: nftables rules in a table of their own ({@code inet barrage_runners}) that
 * match a run's uid ({@code meta skuid}) and let its sockets reach only the run's pinned target addresses, the control
 * plane and Kafka; every other uid of the runners' range is refused everything. A run's rules live in a chain of its
 * own, reached through a verdict map from its uid, so adding and removing a run touches nothing of another's.
 */
final class RunnerFirewall {
    static final String NFT = "/usr/sbin/nft";

    /** An address and TCP port a run's runners may connect to. */
    record Destination(String address, int port) {}

    private final String table;
    private final int firstUid;
    private final int lastUid;

    RunnerFirewall(String table, int firstUid, int lastUid) {
        this.table = table;
        this.firstUid = firstUid;
        this.lastUid = lastUid;
    }

    /** Removes what an earlier instance left (runs it never ended), then makes the table with nothing allowed. */
    void reset() throws IOException {
        nftScript("table inet " + table + " {}\ndelete table inet " + table + "\n"
                + "table inet " + table + " {\n"
                + "  map runs { type uid : verdict; }\n"
                + "  chain output {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    meta skuid vmap @runs\n"
                // a uid of the range without a run (or one whose run has ended) reaches nothing
                + "    meta skuid " + firstUid + "-" + lastUid + " meta l4proto tcp reject with tcp reset\n"
                + "    meta skuid " + firstUid + "-" + lastUid + " reject\n"
                + "  }\n"
                + "}\n");
    }

    void allow(int uid, List<Destination> destinations) throws IOException {
        StringBuilder rules = new StringBuilder("add chain inet " + table + " " + chain(uid) + "\n");
        for (Destination d : destinations) {
            String family = InetAddress.getByName(d.address()).getAddress().length == 4 ? "ip" : "ip6";
            rules.append("add rule inet ").append(table).append(' ').append(chain(uid)).append(' ').append(family)
                    .append(" daddr ").append(d.address()).append(" tcp dport ").append(d.port()).append(" accept\n");
        }
        // refused at once, so that a connection elsewhere fails fast with "connection refused", not after a timeout
        rules.append("add rule inet ").append(table).append(' ').append(chain(uid)).append(" meta l4proto tcp reject with tcp reset\n");
        rules.append("add rule inet ").append(table).append(' ').append(chain(uid)).append(" reject\n");
        rules.append("add element inet ").append(table).append(" runs { ").append(uid).append(" : jump ").append(chain(uid)).append(" }\n");
        nftScript(rules.toString());
    }

    void remove(int uid) throws IOException {
        nftScript("delete element inet " + table + " runs { " + uid + " }\n"
                + "flush chain inet " + table + " " + chain(uid) + "\n"
                + "delete chain inet " + table + " " + chain(uid) + "\n");
    }

    /** The rules as nft lists them, for the log and the tests. */
    String list() throws IOException {
        return nft(null, "list", "table", "inet", table);
    }

    private static String chain(int uid) {
        return "run_" + uid;
    }

    private void nftScript(String script) throws IOException {
        nft(script, "-f", "-");
    }

    private static String nft(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(NFT));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        Process p = pb.start();
        if (script != null) {
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("nft " + String.join(" ", args) + " failed: " + out.strip()
                        + (script == null ? "" : "\n" + script));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nft", e);
        }
        return out;
    }
}
