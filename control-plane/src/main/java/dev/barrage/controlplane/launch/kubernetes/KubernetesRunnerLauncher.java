package dev.barrage.controlplane.launch.kubernetes;

import dev.barrage.controlplane.launch.LaunchSpec;
import dev.barrage.controlplane.launch.RunnerLauncher;
import dev.barrage.controlplane.launch.RunnerLauncherSelection;
import dev.barrage.controlplane.runs.Run;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs each run's runners as one indexed Job ({@code completions = parallelism = runners}) in the runner namespace:
 * pod <i>i</i> is runner <i>i</i>. The run token lives in a Secret owned by the Job. One informer watches every runner
 * pod: pending (with the scheduler's or kubelet's reason) and running are logged; a pod that fails, cannot start, or
 * is still not running after the pending timeout is reported to the run as a runner exit with Kubernetes' reason.
 * Each run gets an egress NetworkPolicy ({@link RunnerEgressPolicy}) owned by its Job.
 * {@link #stop} deletes the Job, and with it (background propagation) its pods, the Secret and the policy.
 */
@ApplicationScoped
@RunnerLauncherSelection.Kind("kubernetes")
public class KubernetesRunnerLauncher implements RunnerLauncher {
    private static final Logger LOG = Logger.getLogger(KubernetesRunnerLauncher.class);

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesLaunchConfig config;

    @Inject
    dev.barrage.controlplane.BarrageConfig barrage;

    /** The runs this launcher launched and has not stopped; pods of other runs are none of its business. */
    private final Map<UUID, LaunchedRun> runs = new ConcurrentHashMap<>();
    private final List<Consumer<RunnerExit>> exitListeners = new CopyOnWriteArrayList<>();
    private SharedIndexInformer<Pod> pods;
    /** Listeners touch the database and may call back into {@link #stop}: never on the informer's thread. */
    private ExecutorService notifier;
    private ScheduledExecutorService clock;

    private static final class LaunchedRun {
        final UUID runId;
        final int runners;
        final Instant launchedAt;
        final Set<Integer> reported = ConcurrentHashMap.newKeySet();
        final Map<Integer, RunnerPodState> states = new ConcurrentHashMap<>();
        final Map<Integer, String> podNames = new ConcurrentHashMap<>();

        LaunchedRun(UUID runId, int runners, Instant launchedAt) {
            this.runId = runId;
            this.runners = runners;
            this.launchedAt = launchedAt;
        }
    }

    @PostConstruct
    void watchPods() {
        notifier = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("barrage-runner-pods").daemon().unstarted(r));
        clock = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("barrage-runner-pending").daemon().unstarted(r));
        adoptJobs();
        pods = client.pods().inNamespace(config.namespace()).withLabels(RunnerJob.runnerSelector()).runnableInformer(0);
        pods.exceptionHandler((started, e) -> {
            LOG.warnf("watching runner pods in namespace %s: %s (retrying)", config.namespace(), e.getMessage());
            return true;
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                observe(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                observe(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                deleted(pod);
            }
        });
        pods.start();
        clock.scheduleWithFixedDelay(this::checkPending, 1, 1, TimeUnit.SECONDS);
        LOG.infof("runners are Kubernetes Jobs in namespace %s, image %s", config.namespace(), config.image());
    }

    /** After a restart: keep watching the Jobs that a previous instance launched and did not delete. */
    private void adoptJobs() {
        try {
            for (Job job : client.batch().v1().jobs().inNamespace(config.namespace()).withLabels(RunnerJob.runnerSelector()).list().getItems()) {
                String runId = job.getMetadata().getLabels().get(RunnerJob.RUN_ID);
                Integer completions = job.getSpec().getCompletions();
                if (runId != null && completions != null) {
                    runs.putIfAbsent(UUID.fromString(runId), new LaunchedRun(UUID.fromString(runId), completions, Instant.now()));
                }
            }
        } catch (KubernetesClientException | IllegalArgumentException e) {
            LOG.warnf("cannot list runner Jobs in namespace %s: %s", config.namespace(), e.getMessage());
        }
    }

    @Override
    public void launch(LaunchSpec spec) {
        RunnerJob.RunFacts facts = facts(spec.runId());
        Secret secret = RunnerJob.secret(spec, facts);
        Job job = RunnerJob.job(spec, facts, config);
        // the limits the runner holds its scenario to, as for local runners
        dev.barrage.controlplane.launch.local.LocalRunnerLauncher.guardEnvironment(barrage.launch().guard())
                .forEach((name, value) -> job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()
                        .add(new io.fabric8.kubernetes.api.model.EnvVar(name, value, null)));
        String namespace = config.namespace();
        // tracked before the Job exists, so that not even its first pod event is missed
        runs.put(spec.runId(), new LaunchedRun(spec.runId(), spec.runners(), Instant.now()));
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy egress;
        try {
            egress = config.networkPolicy().enabled() ? RunnerEgressPolicy.of(spec, facts, config.networkPolicy()) : null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            runs.remove(spec.runId());
            throw new IllegalStateException("cannot make the run's egress NetworkPolicy: " + e.getMessage(), e);
        }
        try {
            // the run's egress policy exists before its first pod: until then the chart's default-deny holds them
            if (egress != null) {
                client.network().v1().networkPolicies().inNamespace(namespace).resource(egress).create();
            }
            client.secrets().inNamespace(namespace).resource(secret).create();
            Job created = client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
            client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).edit(s -> new SecretBuilder(s)
                    .editMetadata().withOwnerReferences(RunnerJob.ownedBy(created)).endMetadata().build());
            if (egress != null) {
                client.network().v1().networkPolicies().inNamespace(namespace).withName(egress.getMetadata().getName())
                        .edit(p -> new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(p).editMetadata()
                                .withOwnerReferences(RunnerJob.ownedBy(created)).endMetadata().build());
            }
        } catch (KubernetesClientException e) {
            runs.remove(spec.runId());
            delete(spec.runId());
            throw new IllegalStateException("cannot create the runner Job in namespace " + namespace + ": "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()), e);
        }
        Map<String, Quantity> requests = job.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().getRequests();
        LOG.infof("run %s: Job %s/%s with %d runner(s) of %s, each requesting %s CPU and %s memory", spec.runId(), namespace,
                job.getMetadata().getName(), spec.runners(), config.image(), requests.get("cpu"), requests.get("memory"));
    }

    @Override
    public void stop(UUID runId) {
        runs.remove(runId);
        delete(runId);
    }

    @Override
    public void onRunnerExit(Consumer<RunnerExit> listener) {
        exitListeners.add(listener);
    }

    /** Deletes the Job, its pods with it; the Secret too, now rather than when the garbage collector gets to it. */
    private void delete(UUID runId) {
        try {
            client.batch().v1().jobs().inNamespace(config.namespace()).withName(RunnerJob.jobName(runId))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            client.secrets().inNamespace(config.namespace()).withName(RunnerJob.secretName(runId)).delete();
            client.network().v1().networkPolicies().inNamespace(config.namespace())
                    .withName(RunnerEgressPolicy.name(runId)).delete();
        } catch (KubernetesClientException e) {
            LOG.errorf("run %s: cannot delete Job %s/%s (%s); its ttlSecondsAfterFinished or activeDeadlineSeconds will",
                    runId, config.namespace(), RunnerJob.jobName(runId), e.getMessage());
        }
    }

    private void observe(Pod pod) {
        LaunchedRun run = runOf(pod);
        int index = indexOf(pod);
        if (run == null || index < 0 || index >= run.runners) {
            return;
        }
        RunnerPodState state = RunnerPodState.of(pod);
        run.podNames.put(index, pod.getMetadata().getName());
        RunnerPodState before = run.states.put(index, state);
        if (before == null || !before.summary().equals(state.summary())) {
            switch (state.kind()) {
                case PENDING, UNSCHEDULABLE -> LOG.infof("run %s: runner %d %s", run.runId, index, state.summary());
                case RUNNING -> LOG.infof("run %s: runner %d running %s", run.runId, index, state.detail());
                case SUCCEEDED -> LOG.debugf("run %s: runner %d succeeded", run.runId, index);
                case FAILED, CANNOT_START -> LOG.warnf("run %s: runner %d %s", run.runId, index, state.detail());
            }
        }
        if (state.kind() == RunnerPodState.Kind.FAILED || state.kind() == RunnerPodState.Kind.CANNOT_START) {
            report(run, index, state.exitCode(), state.detail());
        }
    }

    private void deleted(Pod pod) {
        LaunchedRun run = runOf(pod);
        int index = indexOf(pod);
        if (run == null || index < 0) {
            return;
        }
        RunnerPodState last = run.states.get(index);
        if (last == null || !last.ended()) {
            report(run, index, -1, "pod " + pod.getMetadata().getName() + " was deleted before its runner finished");
        }
    }

    /** Runners still not running after the pending timeout fail their run, with the latest reason there is. */
    private void checkPending() {
        try {
            Instant now = Instant.now();
            Duration timeout = config.pendingTimeout();
            for (LaunchedRun run : runs.values()) {
                for (int i = 0; i < run.runners; i++) {
                    if (run.reported.contains(i)) {
                        continue;
                    }
                    RunnerPodState state = run.states.get(i);
                    if (state == null && run.launchedAt.plus(timeout).isBefore(now)) {
                        report(run, i, -1, "no pod was created for runner " + i + " within " + timeout.toSeconds() + " s"
                                + jobEvents(run.runId));
                    } else if (state != null && (state.kind() == RunnerPodState.Kind.PENDING
                            || state.kind() == RunnerPodState.Kind.UNSCHEDULABLE)
                            && later(state.since(), run.launchedAt).plus(timeout).isBefore(now)) {
                        report(run, i, -1, state.detail() + " (still not running after " + timeout.toSeconds() + " s)");
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("checking pending runner pods failed; trying again in a second", e);
        }
    }

    /** Why the Job controller could not create pods (a quota, an admission policy): only its events say. */
    private String jobEvents(UUID runId) {
        String job = RunnerJob.jobName(runId);
        try {
            return client.v1().events().inNamespace(config.namespace()).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && "Job".equals(e.getInvolvedObject().getKind())
                            && job.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
                    .max(Comparator.comparing(KubernetesRunnerLauncher::eventTime))
                    .map(e -> ": " + e.getReason() + ": " + e.getMessage()).orElse("");
        } catch (KubernetesClientException e) {
            return " (its events cannot be read: " + e.getMessage() + ")";
        }
    }

    private static String eventTime(Event e) {
        return e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getMetadata().getCreationTimestamp() == null ? ""
                : e.getMetadata().getCreationTimestamp();
    }

    private void report(LaunchedRun run, int index, int exitCode, String detail) {
        if (!run.reported.add(index)) {
            return;
        }
        RunnerExit exit = new RunnerExit(run.runId, index, exitCode, detail);
        notifier.execute(() -> exitListeners.forEach(l -> {
            try {
                l.accept(exit);
            } catch (RuntimeException e) {
                LOG.errorf(e, "run %s: handling the exit of runner %d failed", run.runId, index);
            }
        }));
    }

    private LaunchedRun runOf(Pod pod) {
        String runId = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(RunnerJob.RUN_ID);
        try {
            return runId == null ? null : runs.get(UUID.fromString(runId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static int indexOf(Pod pod) {
        String index = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(RunnerJob.COMPLETION_INDEX);
        if (index == null && pod.getMetadata().getLabels() != null) {
            index = pod.getMetadata().getLabels().get(RunnerJob.COMPLETION_INDEX);
        }
        try {
            return index == null ? -1 : Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Owner and size of the run, for labels and resources: stored by the run service before it calls launch. */
    private static RunnerJob.RunFacts facts(UUID runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(runId);
            return run == null ? RunnerJob.RunFacts.unknown()
                    : new RunnerJob.RunFacts(run.accountId, run.projectId, run.users, run.durationSeconds);
        });
    }

    @PreDestroy
    void close() {
        if (pods != null) {
            pods.close();
        }
        if (clock != null) {
            clock.shutdownNow();
        }
        if (notifier != null) {
            notifier.shutdown();
        }
    }
}
