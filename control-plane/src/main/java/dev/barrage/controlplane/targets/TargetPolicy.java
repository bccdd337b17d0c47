package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.UUID;

/**
 * Whether an account may send a run's load to a host: a hosted load tester must not become a way to flood someone
 * else's service. Loopback as configured; link-local and metadata addresses never; any other host takes a small trial
 * run until the account has proved it owns it (see {@link TargetResource}).
 */
@ApplicationScoped
public class TargetPolicy {
    @Inject
    BarrageConfig config;

    /** Refuses the run with a problem saying what to do, or returns quietly. */
    public void requireAllowed(UUID accountId, URI target, int peakUsers, long seconds) {
        String host = TargetAddresses.normalise(target.getHost());
        TargetAddresses addresses = TargetAddresses.of(host);
        if (addresses == TargetAddresses.FORBIDDEN) {
            throw ProblemException.forbidden(host + " resolves to a link-local, wildcard or multicast address (such as a"
                    + " cloud metadata service): it can never be a target").with("field", "host");
        }
        if (addresses == TargetAddresses.LOOPBACK) {
            switch (config.targets().loopback()) {
                case "allow" -> {
                    return;
                }
                case "verify" -> { /* like any other host, below */ }
                default -> throw ProblemException.forbidden(host + " is a loopback address: on a hosted platform that"
                        + " is the platform's own machine, not your service").with("field", "host");
            }
        }
        boolean verified = QuarkusTransaction.requiringNew().call(() -> TargetHost.<TargetHost>find(
                "accountId = ?1 and host = ?2 and verifiedAt is not null", accountId, host).firstResultOptional().isPresent());
        if (verified) {
            return;
        }
        int trialUsers = config.targets().trialUsers();
        int trialSeconds = config.targets().trialSeconds();
        if (peakUsers <= trialUsers && seconds <= trialSeconds) {
            return;
        }
        throw new ProblemException(403, "Target Not Verified", "this account has not proved that it owns " + host
                + ": until it does, runs against it may have at most " + trialUsers + " users for " + trialSeconds
                + " s (this one: " + peakUsers + " users for " + seconds + " s). Add the host with POST /api/targets,"
                + " publish the token it gives (DNS TXT record or " + OwnershipProof.WELL_KNOWN_PATH
                + ") and POST /api/targets/{id}/verify")
                .with("field", "host").with("host", host).with("trialUsers", trialUsers).with("trialSeconds", trialSeconds);
    }
}
