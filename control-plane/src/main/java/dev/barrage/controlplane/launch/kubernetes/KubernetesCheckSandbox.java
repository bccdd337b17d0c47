package dev.barrage.controlplane.launch.kubernetes;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.scenarios.CheckSandbox;
import dev.barrage.controlplane.scenarios.CheckSettings;
import dev.barrage.controlplane.scenarios.CheckTickets;
import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.protocol.launch.CheckInputs;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Checks each upload in a pod of its own in the runner namespace ({@link CheckJob}), never in the control plane's
 * pod: the pod fetches the upload's inputs from this instance once, runs the check, and leaves the output as its
 * termination message, which is read from the pod's status. The Job, and with it its pod and egress policy, is
 * deleted when the check ends; should this instance be gone by then, the Job's deadline and TTL remove it.
 */
@ApplicationScoped
@Named("kubernetes")
public class KubernetesCheckSandbox implements CheckSandbox {
    private static final Logger LOG = Logger.getLogger(KubernetesCheckSandbox.class);

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesLaunchConfig config;

    @Inject
    CheckSettings settings;

    @Inject
    BarrageConfig barrage;

    @Inject
    CheckTickets tickets;

    private final Map<UUID, PodWatch> watches = new ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> pods;
    private String address;

    /** The latest state of one check's pod, for the request that waits on it. */
    private static final class PodWatch {
        private Pod pod;
        private boolean deleted;
        private long changes;

        synchronized void update(Pod p) {
            pod = p;
            changes++;
            notifyAll();
        }

        synchronized void delete() {
            deleted = true;
            changes++;
            notifyAll();
        }

        /** Waits up to {@code millis} for a change after {@code seen} changes; answers the number of changes. */
        synchronized long await(long seen, long millis) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (changes == seen) {
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            return changes;
        }

        synchronized Pod pod() {
            return pod;
        }

        synchronized boolean deleted() {
            return deleted;
        }
    }

    @Override
    public synchronized void prepare() {
        address = settings.kubernetes().controlPlaneAddress().map(String::trim).filter(a -> !a.isEmpty())
                .orElseGet(KubernetesCheckSandbox::thisHost);
        pods = client.pods().inNamespace(config.namespace()).withLabels(CheckJob.checkSelector()).runnableInformer(0);
        pods.exceptionHandler((started, e) -> {
            LOG.warnf("watching check pods in namespace %s: %s (retrying)", config.namespace(), e.getMessage());
            return true;
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                watchOf(pod).ifPresent(w -> w.update(pod));
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                watchOf(pod).ifPresent(w -> w.update(pod));
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                watchOf(pod).ifPresent(PodWatch::delete);
            }
        });
        pods.start();
        LOG.infof("upload checks run as pods in namespace %s, image %s; they fetch their inputs from this instance at "
                + "%s port %d", config.namespace(), config.image(), address, settings.kubernetes().controlPlanePort());
    }

    @Override
    public Outcome run(Input input, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CheckTickets.Ticket ticket = tickets.open(input);
        UUID id = ticket.id();
        PodWatch watch = new PodWatch();
        watches.put(id, watch);
        try {
            String inputs = CheckJob.inputsUrl(address, settings.kubernetes().controlPlanePort(), id);
            create(new CheckJob.Spec(id, ticket.token(), inputs, input.hostedRules(), CheckSandbox.jvmOptions(input.heap()),
                    input.heap(), timeoutMillis));
            return await(id, watch, deadline);
        } finally {
            watches.remove(id);
            tickets.close(id);
            delete(id);
        }
    }

    private void create(CheckJob.Spec spec) {
        String namespace = config.namespace();
        NetworkPolicy egress = config.networkPolicy().enabled()
                ? CheckJob.egress(spec.id(), config.networkPolicy(), settings.kubernetes().controlPlanePort()) : null;
        Job job = CheckJob.job(spec, config, settings.kubernetes());
        try {
            // the policy exists before the pod: until then the chart's default-deny holds it
            if (egress != null) {
                client.network().v1().networkPolicies().inNamespace(namespace).resource(egress).create();
            }
            Job created = client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            if (egress != null) {
                client.network().v1().networkPolicies().inNamespace(namespace).withName(egress.getMetadata().getName())
                        .edit(p -> new NetworkPolicyBuilder(p).editMetadata()
                                .withOwnerReferences(RunnerJob.ownedBy(created)).endMetadata().build());
            }
        } catch (KubernetesClientException e) {
            throw unavailable("its Job cannot be created in namespace " + namespace + ": "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
        }
        LOG.debugf("check %s: Job %s/%s", spec.id(), namespace, job.getMetadata().getName());
    }

    /** Until the pod ends, cannot start, or the check's time is up. */
    private Outcome await(UUID id, PodWatch watch, long deadline) throws InterruptedException {
        Duration pendingLimit = config.pendingTimeout();
        long created = System.nanoTime();
        long seen = 0;
        RunnerPodState state = null;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                if (tickets.taken(id)) {
                    return new Outcome(true, -1, "");
                }
                throw unavailable("its pod did not start in time" + (state == null ? "" : ": " + state.detail()));
            }
            seen = watch.await(seen, Math.min(left, 500));
            if (watch.deleted()) {
                throw unavailable("its pod was deleted before the check ended");
            }
            Pod pod = watch.pod();
            if (pod == null) {
                if (System.nanoTime() - created > pendingLimit.toNanos()) {
                    throw unavailable("no pod was made for it within " + pendingLimit.toSeconds() + " s");
                }
                continue;
            }
            ContainerStateTerminated done = terminated(pod);
            if (done != null) {
                int code = done.getExitCode() == null ? -1 : done.getExitCode();
                String message = done.getMessage() == null ? "" : done.getMessage();
                if (code == CheckInputs.UNAVAILABLE) {
                    throw unavailable(message.strip().lines().reduce((a, b) -> b).orElse("its pod could not fetch its inputs"));
                }
                return new Outcome(false, code, message);
            }
            state = RunnerPodState.of(pod, CheckJob.CONTAINER);
            switch (state.kind()) {
                case CANNOT_START, FAILED, SUCCEEDED -> throw unavailable(state.detail().isEmpty()
                        ? "its pod ended without a result" : state.detail());
                case PENDING, UNSCHEDULABLE -> {
                    if (!tickets.taken(id) && System.nanoTime() - created > pendingLimit.toNanos()) {
                        throw unavailable(state.detail() + " (still not running after " + pendingLimit.toSeconds() + " s)");
                    }
                }
                case RUNNING -> {
                    // the check runs: its own time limit applies
                }
            }
        }
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream().filter(c -> CheckJob.CONTAINER.equals(c.getName()))
                .map(c -> c.getState() == null ? null : c.getState().getTerminated())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The platform could not check the upload: not the scenario's fault, so not a 422. */
    private static ProblemException unavailable(String why) {
        return new ProblemException(503, "Service Unavailable", "the upload could not be checked: " + why
                + "; try again in a minute, and tell the operator if it persists").retryAfter(60);
    }

    /** Deletes the Job, its pod with it; the policy too, now rather than when the garbage collector gets to it. */
    private void delete(UUID id) {
        try {
            client.batch().v1().jobs().inNamespace(config.namespace()).withName(CheckJob.name(id))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            client.network().v1().networkPolicies().inNamespace(config.namespace()).withName(CheckJob.policyName(id)).delete();
        } catch (KubernetesClientException e) {
            LOG.errorf("check %s: cannot delete Job %s/%s (%s); its activeDeadlineSeconds and ttlSecondsAfterFinished will",
                    id, config.namespace(), CheckJob.name(id), e.getMessage());
        }
    }

    private Optional<PodWatch> watchOf(Pod pod) {
        String id = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(CheckJob.CHECK_ID);
        try {
            return id == null ? Optional.empty() : Optional.ofNullable(watches.get(UUID.fromString(id)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** In a pod, its IP: the host name resolves to it. */
    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("barrage.check.kind=kubernetes: this host's address is unknown (" + e.getMessage()
                    + "); set barrage.check.kubernetes.control-plane-address to the address check pods reach this "
                    + "instance at", e);
        }
    }

    @PreDestroy
    void close() {
        if (pods != null) {
            pods.close();
        }
    }
}
