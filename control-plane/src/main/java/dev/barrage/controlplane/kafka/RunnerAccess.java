package dev.barrage.controlplane.kafka;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.launch.RunnerKafkaAccess;
import dev.barrage.controlplane.runs.Run;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.jboss.logging.Logger;

/**
 * What a run's runners may do on Kafka: write to the reports topic and read the control topic, nothing else (no
 * reading reports, no writing commands, no run events, no consumer groups: they read by assignment). Per run
 * ({@code barrage.kafka.runner-credentials=per-run}) each run gets a SCRAM user of its own, {@code barrage-run-<id>}
 * with a random password, made through the Admin API at launch; at the run's end its ACLs are removed and its password
 * replaced by one nobody holds; at start-up the same happens to runs no longer in progress that still have ACLs (left by
 * a control plane that died). Credentials are overwritten, never deleted: with Kafka 4.1, after a few SCRAM deletions a
 * restarted broker had lost every other credential too, the control plane's own included (replayed from the same
 * metadata log; see infra/kafka/service.sh). With a shared runner
 * principal (MSK) only its ACLs are made here, and the runs are kept apart by their keys alone.
 */
@ApplicationScoped
public class RunnerAccess {
    private static final Logger LOG = Logger.getLogger(RunnerAccess.class);
    public static final String RUN_USER_PREFIX = "barrage-run-";
    private static final int SCRAM_ITERATIONS = 8192;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final SecureRandom random = new SecureRandom();

    @Inject
    BarrageConfig config;

    @Inject
    KafkaClients clients;

    @Inject
    RunKeys keys;

    private Admin admin;

    void start(@Observes StartupEvent event) {
        if (!clients.authenticated()) {
            LOG.warn("Kafka is used without authentication (barrage.kafka.security-protocol="
                    + config.kafka().securityProtocol() + "): runners can read every run's reports; only their MACs"
                    + " keep runs apart");
            return;
        }
        try {
            allowControlPlane();
            if (perRun()) {
                removeStale();
            } else {
                allow(sharedUsername());
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not tidy the runners' Kafka credentials at start: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    /** The run's Kafka login and key for its runners; its credential and ACLs exist when this returns. */
    public RunnerKafkaAccess grant(UUID runId) {
        String runKey = Base64.getEncoder().encodeToString(keys.of(runId));
        BarrageConfig.Kafka kafka = config.kafka();
        if (!clients.authenticated()) {
            return new RunnerKafkaAccess(kafka.securityProtocol(), kafka.saslMechanism(), null, null, runKey);
        }
        if (!perRun()) {
            return new RunnerKafkaAccess(kafka.securityProtocol(), kafka.saslMechanism(), sharedUsername(),
                    kafka.runnerPassword().orElseThrow(() -> new IllegalStateException(
                            "barrage.kafka.runner-credentials=shared needs barrage.kafka.runner-password")), runKey);
        }
        String user = username(runId);
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        await(admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(mechanism(), SCRAM_ITERATIONS), password))).all(), "make the credential of " + user);
        allow(user);
        return new RunnerKafkaAccess(kafka.securityProtocol(), kafka.saslMechanism(), user, password, runKey);
    }

    /** Removes the run's credential and its ACLs; harmless when they are gone already. */
    public void revoke(UUID runId) {
        if (!clients.authenticated() || !perRun()) {
            return;
        }
        String user = username(runId);
        try {
            // the ACLs first: a connection already signed in keeps its session, but not its rights
            await(admin().deleteAcls(List.of(principalFilter(user))).all(), "remove the ACLs of " + user);
            byte[] unknown = new byte[24];
            random.nextBytes(unknown);
            await(admin().alterUserScramCredentials(List.<UserScramCredentialAlteration>of(new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(mechanism(), SCRAM_ITERATIONS), unknown))).all(),
                    "replace the password of " + user);
        } catch (RuntimeException e) {
            LOG.warnf("run %s: could not remove its runners' Kafka credential (removed at the next start): %s", runId,
                    e.getMessage());
        }
    }

    public static String username(UUID runId) {
        return RUN_USER_PREFIX + runId;
    }

    private void allow(String user) {
        String principal = "User:" + user;
        List<AclBinding> acls = List.of(
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, config.kafka().reportsTopic(), PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, config.kafka().controlTopic(), PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW)));
        await(admin().createAcls(acls).all(), "allow " + user + " to write reports and read commands");
    }

    /**
     * The control plane's own ACLs, for brokers where it is no super user (MSK: there it makes them while the cluster
     * still allows everyone, see terraform/kafka.tf): its topics, its consumer group, and ACLs and users (the cluster).
     */
    private void allowControlPlane() {
        String principal = "User:" + config.kafka().username().orElseThrow();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(config.kafka().reportsTopic(), config.kafka().controlTopic(), config.kafka().eventsTopic())) {
            acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.ALLOW)));
        }
        acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, config.kafka().groupId(), PatternType.LITERAL),
                new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.ALLOW)));
        acls.add(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry(principal, "*", AclOperation.ALL, AclPermissionType.ALLOW)));
        await(admin().createAcls(acls).all(), "give the control plane's principal its ACLs");
    }

    private void removeStale() {
        // a run's user keeps rights until revoked, and revoking takes its ACLs: those still with ACLs are the ones to revoke
        Set<String> users = new java.util.HashSet<>();
        for (AclBinding acl : await(admin().describeAcls(AclBindingFilter.ANY).values(), "list ACLs")) {
            String principal = acl.entry().principal();
            if (principal.startsWith("User:" + RUN_USER_PREFIX)) {
                users.add(principal.substring("User:".length()));
            }
        }
        Set<String> inProgress = QuarkusTransaction.requiringNew().call(() -> Run.<Run>list("status in ?1",
                List.of("starting", "running", "stopping")).stream().map(r -> username(r.id)).collect(Collectors.toSet()));
        List<UUID> stale = new ArrayList<>();
        for (String user : users) {
            if (user.startsWith(RUN_USER_PREFIX) && !inProgress.contains(user)) {
                try {
                    stale.add(UUID.fromString(user.substring(RUN_USER_PREFIX.length())));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("leaving the Kafka user %s alone: not one of a run's", user);
                }
            }
        }
        stale.forEach(this::revoke);
        if (!stale.isEmpty()) {
            LOG.infof("revoked the Kafka credentials of %d run(s) no longer in progress", stale.size());
        }
    }

    private static AclBindingFilter principalFilter(String user) {
        return new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter("User:" + user, null,
                AclOperation.ANY, AclPermissionType.ANY));
    }

    private boolean perRun() {
        return !"shared".equals(config.kafka().runnerCredentials());
    }

    private String sharedUsername() {
        return config.kafka().runnerUsername().orElseThrow(() -> new IllegalStateException(
                "barrage.kafka.runner-credentials=shared needs barrage.kafka.runner-username"));
    }

    private ScramMechanism mechanism() {
        ScramMechanism m = ScramMechanism.fromMechanismName(config.kafka().saslMechanism());
        if (m == ScramMechanism.UNKNOWN) {
            throw new IllegalStateException("per-run runner credentials are SCRAM users; barrage.kafka.sasl-mechanism is "
                    + config.kafka().saslMechanism());
        }
        return m;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clients.properties("barrage-control-plane-runner-access"));
        }
        return admin;
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused to " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s when asked to " + what, e);
        }
    }
}
