package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * How many trial runs (against hosts not verified by the starting account) may start in 24 hours: per account, and
 * per host over all accounts, so that neither one account nor many together turn trials into a flood.
 */
@ApplicationScoped
public class TrialLimits {
    static final Duration WINDOW = Duration.ofHours(24);

    @Inject
    BarrageConfig config;

    @Inject
    EntityManager em;

    /** The refusal a new trial against these hosts would get now, if any. Inside a transaction. */
    public Optional<ProblemException> refusal(UUID accountId, Collection<String> hosts) {
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime since = OffsetDateTime.now().minus(WINDOW);
        int perAccount = config.targets().trialRunsPerAccount();
        long byAccount = TrialRun.count("accountId = ?1 and startedAt > ?2", accountId, since);
        if (byAccount >= perAccount) {
            return Optional.of(refused("this account has started " + byAccount + " trial runs against hosts it has not"
                    + " verified in the last 24 hours, the most it may", "account", null, perAccount, byAccount,
                    oldest("accountId = ?1 and startedAt > ?2 order by startedAt", accountId, since)));
        }
        int perHost = config.targets().trialRunsPerHost();
        for (String host : hosts) {
            long byHost = TrialRun.count("host = ?1 and startedAt > ?2", host, since);
            if (byHost >= perHost) {
                return Optional.of(refused(host + " has had " + byHost + " trial runs by accounts that have not"
                        + " verified it in the last 24 hours, the most it may", "host", host, perHost, byHost,
                        oldest("host = ?1 and startedAt > ?2 order by startedAt", host, since)));
            }
        }
        return Optional.empty();
    }

    /**
     * Counts the run's trials, or refuses it. Inside the run's transaction, after the account's row is locked (so one
     * account's concurrent starts count one after the other); each host is locked too, for all accounts' starts.
     */
    public void take(UUID accountId, Collection<String> hosts, UUID runId) {
        for (String host : hosts.stream().sorted().toList()) {
            em.createNativeQuery("select pg_advisory_xact_lock(hashtext('barrage-trial:' || ?1))").setParameter(1, host)
                    .getSingleResult();
        }
        Optional<ProblemException> refused = refusal(accountId, hosts);
        if (refused.isPresent()) {
            throw refused.get();
        }
        OffsetDateTime now = OffsetDateTime.now();
        for (String host : hosts) {
            TrialRun t = new TrialRun();
            t.id = UUID.randomUUID();
            t.accountId = accountId;
            t.host = host;
            t.runId = runId;
            t.startedAt = now;
            t.persist();
        }
    }

    private static OffsetDateTime oldest(String query, Object... params) {
        return TrialRun.<TrialRun>find(query, params).firstResultOptional().map(t -> t.startedAt)
                .orElseGet(OffsetDateTime::now);
    }

    private static ProblemException refused(String what, String scope, String host, int limit, long used,
            OffsetDateTime oldest) {
        OffsetDateTime resetsAt = oldest.plus(WINDOW);
        ProblemException p = new ProblemException(429, "Trial Limit", what + " (" + limit + "). The next trial run is"
                + " possible at " + resetsAt + "; a host the account verifies (POST /api/targets, then"
                + " POST /api/targets/{id}/verify) takes runs without this limit")
                .with("field", "host").with("scope", scope).with("limit", limit).with("used", used)
                .with("resetsAt", resetsAt.toString());
        long seconds = Math.max(1, Duration.between(OffsetDateTime.now(), resetsAt).toSeconds());
        return (host == null ? p : p.with("host", host)).retryAfter((int) Math.min(Integer.MAX_VALUE, seconds));
    }
}
