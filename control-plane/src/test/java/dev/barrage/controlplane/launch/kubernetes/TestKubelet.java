package dev.barrage.controlplane.launch.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a cluster that the mock API server lacks, small enough to read: the Job controller (pods for each
 * index of an indexed Job, with JOB_COMPLETION_INDEX; garbage collection of what a deleted Job owned), the scheduler
 * (one node with labels, taints and capacity; unschedulable pods get the scheduler's message) and the kubelet (image
 * pull, env from values, Secrets and the downward API, the container run as a local runner process with that
 * environment and the image's PATH only, then the pod's phase and termination message as Kubernetes reports them).
 */
final class TestKubelet implements AutoCloseable {
    record Taint(String key, String value, String effect) {}

    record Node(String name, Map<String, String> labels, List<Taint> taints, long cpuMillis, long memoryMib) {
        Node withMemoryMib(long mib) {
            return new Node(name, labels, taints, cpuMillis, mib);
        }
    }

    private static final Pattern ANNOTATION_FIELD = Pattern.compile("metadata\\.annotations\\['(.+)']");

    private final KubernetesClient client;
    private final String namespace;
    private final Path runnerJar;
    /** The one node of the runner pool; a test may swap it for another. */
    volatile Node node;
    private final String pullableImage;
    private final Path logs;
    private final List<Job> jobsSeen = new CopyOnWriteArrayList<>();
    private final Map<String, Process> containers = new ConcurrentHashMap<>();
    /** The whole environment each pod's container was started with, by pod name. */
    private final Map<String, Map<String, String>> environments = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    /** When set, every image pull fails with this message, as a registry that does not have the image answers. */
    volatile String imagePullFailure;

    TestKubelet(KubernetesClient client, String namespace, Path runnerJar, Node node, String pullableImage, Path logs) {
        this.client = client;
        this.namespace = namespace;
        this.runnerJar = runnerJar;
        this.node = node;
        this.pullableImage = pullableImage;
        this.logs = logs;
    }

    TestKubelet start() {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        informers.add(client.batch().v1().jobs().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                jobsSeen.add(job);
                Thread.ofVirtual().start(() -> createPods(job));
            }

            @Override
            public void onUpdate(Job before, Job job) {}

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                Thread.ofVirtual().start(() -> collectGarbage(job));
            }
        }));
        informers.add(client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                Thread.ofVirtual().start(() -> runPod(pod));
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {}

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                Process p = containers.remove(pod.getMetadata().getName());
                if (p != null) {
                    // SIGTERM, as the kubelet does at the start of the grace period, to every process of the container
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                }
            }
        }));
        return this;
    }

    List<Job> jobsSeen() {
        return jobsSeen;
    }

    /** The environment a pod's container process got, or null when none was started. */
    Map<String, String> environmentOf(String pod) {
        return environments.get(pod);
    }

    /** The pods whose container this kubelet started. */
    List<String> podsStarted() {
        return List.copyOf(environments.keySet());
    }

    /** The log of a pod's container. */
    Path logOf(String pod) {
        return logs.resolve(pod + ".log");
    }

    /** Runner processes still running. */
    int runningContainers() {
        return (int) containers.values().stream().filter(Process::isAlive).count();
    }

    // ---- the Job controller

    private void createPods(Job job) {
        // an Indexed Job gets a pod per index, with JOB_COMPLETION_INDEX; a NonIndexed one (an upload's check) its pods
        boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
        for (int index = 0; index < job.getSpec().getCompletions(); index++) {
            String i = String.valueOf(index);
            PodSpec spec = new PodSpecBuilder(job.getSpec().getTemplate().getSpec()).build();
            Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
            labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
            labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
            Map<String, String> annotations = new LinkedHashMap<>();
            if (indexed) {
                for (Container c : spec.getContainers()) {
                    c.getEnv().add(new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
                            .withFieldPath("metadata.annotations['batch.kubernetes.io/job-completion-index']")
                            .endFieldRef().endValueFrom().build());
                }
                labels.put(RunnerJob.COMPLETION_INDEX, i);
                annotations.put(RunnerJob.COMPLETION_INDEX, i);
            }
            OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                    .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).withController(true).build();
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withName(job.getMetadata().getName() + (indexed ? "-" + i : "") + "-" + UUID.randomUUID().toString().substring(0, 5))
                    .withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
                    .withOwnerReferences(owner)
                    .withCreationTimestamp(Instant.now().toString())
                    .endMetadata()
                    .withSpec(spec)
                    .withStatus(new PodStatusBuilder().withPhase("Pending").build())
                    .build();
            client.pods().inNamespace(namespace).resource(pod).create();
        }
    }

    /** What the garbage collector does after a Job is deleted with background propagation. */
    private void collectGarbage(Job job) {
        String uid = job.getMetadata().getUid();
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            if (ownedBy(pod.getMetadata().getOwnerReferences(), uid)) {
                client.pods().inNamespace(namespace).resource(pod).delete();
            }
        }
        for (Secret secret : client.secrets().inNamespace(namespace).list().getItems()) {
            if (ownedBy(secret.getMetadata().getOwnerReferences(), uid)) {
                client.secrets().inNamespace(namespace).resource(secret).delete();
            }
        }
        for (var policy : client.network().v1().networkPolicies().inNamespace(namespace).list().getItems()) {
            if (ownedBy(policy.getMetadata().getOwnerReferences(), uid)) {
                client.network().v1().networkPolicies().inNamespace(namespace).resource(policy).delete();
            }
        }
    }

    private static boolean ownedBy(List<OwnerReference> owners, String uid) {
        return owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    // ---- the scheduler

    /** Why this pod cannot go on the node, in the scheduler's words; null when it fits. */
    String unschedulable(PodSpec spec) {
        List<String> reasons = new ArrayList<>();
        Map<String, String> selector = spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
        if (!selector.entrySet().stream().allMatch(e -> Objects.equals(node.labels().get(e.getKey()), e.getValue()))) {
            reasons.add("1 node(s) didn't match Pod's node affinity/selector");
        }
        for (Taint taint : node.taints()) {
            if (!taint.effect().equals("PreferNoSchedule") && !tolerated(taint, spec.getTolerations())) {
                reasons.add("1 node(s) had untolerated taint {" + taint.key() + ": " + taint.value() + "}");
            }
        }
        Map<String, Quantity> requests = spec.getContainers().getFirst().getResources().getRequests();
        if (requests != null && requests.get("cpu") != null
                && requests.get("cpu").getNumericalAmount().doubleValue() * 1000 > node.cpuMillis()) {
            reasons.add("1 Insufficient cpu");
        }
        if (requests != null && requests.get("memory") != null
                && requests.get("memory").getNumericalAmount().doubleValue() > node.memoryMib() * 1024.0 * 1024) {
            reasons.add("1 Insufficient memory");
        }
        return reasons.isEmpty() ? null : "0/1 nodes are available: " + String.join(", ", reasons)
                + ". preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
    }

    private static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        return tolerations != null && tolerations.stream().anyMatch(t -> taint.key().equals(t.getKey())
                && (t.getEffect() == null || t.getEffect().equals(taint.effect()))
                && ("Exists".equals(t.getOperator()) || Objects.equals(t.getValue(), taint.value())));
    }

    // ---- the kubelet

    private void runPod(Pod pod) {
        String name = pod.getMetadata().getName();
        try {
            String why = unschedulable(pod.getSpec());
            if (why != null) {
                setStatus(name, new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("Unschedulable").withMessage(why).build()).build());
                return;
            }
            client.pods().inNamespace(namespace).withName(name).edit(p -> new PodBuilder(p).editSpec()
                    .withNodeName(node.name()).endSpec().build());
            Container container = pod.getSpec().getContainers().getFirst();
            String failure = imagePullFailure;
            if (failure != null || !container.getImage().equals(pullableImage)) {
                String message = failure != null ? failure : "pull access denied for " + container.getImage();
                waiting(name, container, "ErrImagePull", message);
                Thread.sleep(300);
                waiting(name, container, "ImagePullBackOff", "Back-off pulling image \"" + container.getImage() + "\": " + message);
                return;
            }
            Map<String, String> env;
            try {
                env = resolveEnv(pod, container.getEnv());
            } catch (IllegalStateException e) {
                waiting(name, container, "CreateContainerConfigError", e.getMessage());
                return;
            }
            Path log = logs.resolve(name + ".log");
            // the file the kubelet mounts at terminationMessagePath: here a file of its own, at that path in the args
            String mountPath = container.getTerminationMessagePath() == null ? "/dev/termination-log"
                    : container.getTerminationMessagePath();
            Path termination = Files.writeString(logs.resolve(name + ".termination-log"), "");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx512m", "-jar", runnerJar.toString()));
            container.getArgs().forEach(a -> command.add(a.replace(mountPath, termination.toString())));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // the container's environment: the image's (its PATH) and the pod's, nothing of this test's process
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().putAll(env);
            environments.put(name, Map.copyOf(pb.environment()));
            Process process = pb.start();
            containers.put(name, process);
            String started = Instant.now().toString();
            setStatus(name, new PodStatusBuilder().withPhase("Running").withStartTime(started)
                    .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                            .withReady(true).withStarted(true).withRestartCount(0)
                            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started).endRunning().build())
                            .build()).build());
            int code = process.waitFor();
            if (containers.remove(name) == null) {
                return; // the pod was deleted: nothing left to report on
            }
            String message = terminationMessage(termination, log, code, container.getTerminationMessagePolicy());
            setStatus(name, new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed").withStartTime(started)
                    .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                            .withReady(false).withStarted(false).withRestartCount(0)
                            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                                    .withReason(code == 0 ? "Completed" : "Error").withMessage(message)
                                    .withStartedAt(started).withFinishedAt(Instant.now().toString()).endTerminated().build())
                            .build()).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (client.pods().inNamespace(namespace).withName(name).get() != null) {
                throw new IllegalStateException("test kubelet: pod " + name + ": " + e, e);
            }
        }
    }

    private void waiting(String pod, Container container, String reason, String message) {
        setStatus(pod, new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("True").build())
                .withContainerStatuses(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                        .withReady(false).withStarted(false).withRestartCount(0)
                        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                                .endWaiting().build()).build()).build());
    }

    private void setStatus(String pod, PodStatus status) {
        client.pods().inNamespace(namespace).withName(pod).editStatus(p -> new PodBuilder(p).withStatus(status).build());
    }

    /** Values, Secret keys and the downward API, as the kubelet resolves them; a missing Secret stops the start. */
    private Map<String, String> resolveEnv(Pod pod, List<EnvVar> vars) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar v : vars) {
            if (v.getValueFrom() == null) {
                env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
            } else if (v.getValueFrom().getSecretKeyRef() != null) {
                String secretName = v.getValueFrom().getSecretKeyRef().getName();
                Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
                String key = v.getValueFrom().getSecretKeyRef().getKey();
                if (secret == null || secret.getData() == null || !secret.getData().containsKey(key)) {
                    throw new IllegalStateException("secret \"" + secretName + "\" not found");
                }
                env.put(v.getName(), new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
            } else if (v.getValueFrom().getFieldRef() != null) {
                String path = v.getValueFrom().getFieldRef().getFieldPath();
                Matcher m = ANNOTATION_FIELD.matcher(path);
                if (m.matches()) {
                    env.put(v.getName(), pod.getMetadata().getAnnotations().get(m.group(1)));
                } else if (path.equals("metadata.name")) {
                    env.put(v.getName(), pod.getMetadata().getName());
                } else {
                    throw new IllegalStateException("test kubelet: field " + path + " not supported");
                }
            }
        }
        return env;
    }

    /**
     * What the kubelet reports: the file at terminationMessagePath (at most 4096 bytes); when it is empty and the
     * container failed, with FallbackToLogsOnError, the log's tail.
     */
    private static String terminationMessage(Path file, Path log, int code, String policy) throws IOException {
        byte[] written = Files.readAllBytes(file);
        if (written.length > 0) {
            return new String(written, 0, Math.min(written.length, 4096), StandardCharsets.UTF_8);
        }
        return code != 0 && "FallbackToLogsOnError".equals(policy) ? tail(log) : null;
    }

    /** FallbackToLogsOnError: the last lines of the log, at most 2048 bytes, as the kubelet keeps them. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        return tail.length() <= 2048 ? tail : tail.substring(tail.length() - 2048);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        containers.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        for (Process p : containers.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        containers.clear();
    }
}
