package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.launch.PinnedTarget;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Whether an account may send a run's load to a target: a hosted load tester must not become a way to flood someone
 * else's service, nor a way into the platform's own network. Judged on the addresses pinned for the run, the very
 * ones its runners will use. Loopback as configured; link-local and metadata addresses never; private, shared and
 * cluster addresses only with proof of ownership (or inside the operator's allowed ranges); any other host takes a
 * small trial run, a few a day, until the account has proved it owns it (see {@link TargetResource}).
 */
@ApplicationScoped
public class TargetPolicy {
    @Inject
    BarrageConfig config;

    /**
     * Refuses the target with a problem saying what to do, or returns whether the run is only a trial for it (the
     * account has not verified it, and the run is within the trial's size).
     *
     * @param field the request's field the target came from, for the problem
     */
    public boolean requireAllowed(UUID accountId, PinnedTarget target, String field, int peakUsers, long seconds) {
        String host = TargetAddresses.normalise(target.host());
        List<InetAddress> addresses = addresses(target);
        TargetAddresses kind = TargetAddresses.of(host, addresses);
        if (kind == TargetAddresses.FORBIDDEN) {
            throw ProblemException.forbidden(host + " resolves to a link-local, metadata, wildcard or multicast address"
                    + " (such as a cloud metadata service): it can never be a target").with("field", field);
        }
        if (kind == TargetAddresses.LOOPBACK) {
            switch (config.targets().loopback()) {
                case "allow" -> {
                    return false;
                }
                case "verify" -> { /* like any other host, below */ }
                default -> throw ProblemException.forbidden(host + " is a loopback address: on a hosted platform that"
                        + " is the platform's own machine, not your service").with("field", field);
            }
        }
        if (kind != TargetAddresses.LOOPBACK && inAllowedRanges(addresses)) {
            return false;
        }
        boolean verified = QuarkusTransaction.requiringNew().call(() -> TargetHost.<TargetHost>find(
                "accountId = ?1 and host = ?2 and verifiedAt is not null", accountId, host).firstResultOptional().isPresent());
        if (verified) {
            return false;
        }
        if (kind == TargetAddresses.PRIVATE) {
            throw new ProblemException(403, "Target Not Verified", host + " is in a private, shared or cluster network ("
                    + String.join(", ", target.addresses()) + "): such a host takes no trial run. Prove that this"
                    + " account owns it with a DNS TXT record (POST /api/targets, then POST /api/targets/{id}/verify"
                    + " with method dns), or ask the operator to allow its range (barrage.targets.allowed-ranges)")
                    .with("field", field).with("host", host).with("trialUsers", 0).with("trialSeconds", 0);
        }
        int trialUsers = config.targets().trialUsers();
        int trialSeconds = config.targets().trialSeconds();
        if (peakUsers <= trialUsers && seconds <= trialSeconds) {
            return true;
        }
        throw new ProblemException(403, "Target Not Verified", "this account has not proved that it owns " + host
                + ": until it does, runs against it may have at most " + trialUsers + " users for " + trialSeconds
                + " s (this one: " + peakUsers + " users for " + seconds + " s). Add the host with POST /api/targets,"
                + " publish the token it gives (DNS TXT record or " + OwnershipProof.WELL_KNOWN_PATH
                + ") and POST /api/targets/{id}/verify")
                .with("field", field).with("host", host).with("trialUsers", trialUsers).with("trialSeconds", trialSeconds);
    }

    /** The host of a target as ownership is recorded: lower case, without brackets, port or trailing dot. */
    public static String hostName(String hostOrUrl) {
        return TargetAddresses.normalise(hostOrUrl);
    }

    /** Whether a host's own file may prove ownership: not from inside a private network, whose answers we must not relay. */
    static boolean fileProofAccepted(String host) {
        try {
            return TargetAddresses.of(host) == TargetAddresses.PUBLIC || TargetAddresses.of(host) == TargetAddresses.LOOPBACK;
        } catch (ProblemException doesNotResolve) {
            return false;
        }
    }

    private boolean inAllowedRanges(List<InetAddress> addresses) {
        List<AddressRange> ranges = config.targets().allowedRanges().orElse(List.of()).stream()
                .filter(r -> !r.isBlank()).map(AddressRange::parse).toList();
        return !ranges.isEmpty() && addresses.stream().allMatch(a -> ranges.stream().anyMatch(r -> r.contains(a)));
    }

    private static List<InetAddress> addresses(PinnedTarget target) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String a : target.addresses()) {
            try {
                addresses.add(InetAddress.getByName(a)); // literals: nothing is resolved
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a pinned address is not an IP address: " + a, e);
            }
        }
        return addresses;
    }
}
