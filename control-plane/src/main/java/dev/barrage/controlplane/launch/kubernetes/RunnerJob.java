package dev.barrage.controlplane.launch.kubernetes;

import dev.barrage.controlplane.launch.LaunchSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Kubernetes objects of one run: an indexed Job with one completion per runner, and the Secret that holds the
 * run's token. Pure: from a launch and the settings to objects, so every field can be checked without a cluster.
 */
final class RunnerJob {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "barrage-control-plane";
    static final String COMPONENT = "app.kubernetes.io/component";
    static final String RUN_ID = "barrage.dev/run-id";
    static final String ACCOUNT_ID = "barrage.dev/account-id";
    static final String PROJECT_ID = "barrage.dev/project-id";
    /** Set on each pod of an indexed Job by the Job controller (as annotation, and as label since 1.28). */
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String CONTAINER = "runner";
    static final String TOKEN_KEY = "token";
    /** Time a runner may take before START: the control plane waits 120 s for all runners to be ready. */
    private static final long STARTUP_ALLOWANCE_SECONDS = 300;

    /** What the launch itself does not say about the run: who it belongs to, how big and how long it is. */
    record RunFacts(UUID accountId, UUID projectId, int users, long durationSeconds) {
        static RunFacts unknown() {
            return new RunFacts(null, null, 0, 0);
        }
    }

    private RunnerJob() {}

    static String jobName(UUID runId) {
        return "barrage-run-" + runId;
    }

    static String secretName(UUID runId) {
        return jobName(runId) + "-token";
    }

    /** The labels that every runner pod of every run carries: the launcher watches pods by these. */
    static Map<String, String> runnerSelector() {
        return Map.of(MANAGED_BY, MANAGER, COMPONENT, "runner");
    }

    static Map<String, String> labels(UUID runId, RunFacts facts) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "barrage-runner");
        labels.putAll(runnerSelector());
        labels.put(RUN_ID, runId.toString());
        if (facts.accountId() != null) {
            labels.put(ACCOUNT_ID, facts.accountId().toString());
        }
        if (facts.projectId() != null) {
            labels.put(PROJECT_ID, facts.projectId().toString());
        }
        return labels;
    }

    /**
     * The Secret of the token, the run's Kafka password and its key; once the Job exists it is made the Secret's
     * owner, so deleting the Job deletes it.
     */
    static Secret secret(LaunchSpec spec, RunFacts facts) {
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata().withName(secretName(spec.runId())).withLabels(labels(spec.runId(), facts)).endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .addToData(TOKEN_KEY, Base64.getEncoder().encodeToString(spec.runToken().getBytes(StandardCharsets.UTF_8)));
        spec.kafkaAccess().secrets().forEach((name, value) -> secret.addToData(secretKey(name),
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return secret.build();
    }

    /** The Secret's key of an environment variable: BARRAGE_RUN_KEY is run-key. */
    static String secretKey(String envName) {
        return envName.substring("BARRAGE_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static OwnerReference ownedBy(Job job) {
        return new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid()).build();
    }

    static Job job(LaunchSpec spec, RunFacts facts, KubernetesLaunchConfig config) {
        Map<String, String> labels = labels(spec.runId(), facts);
        int usersPerRunner = (facts.users() + spec.runners() - 1) / spec.runners();
        JobBuilder job = new JobBuilder()
                .withNewMetadata().withName(jobName(spec.runId())).withLabels(labels).endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(spec.runners())
                .withParallelism(spec.runners())
                // a runner that failed is not started again: a newcomer would join the run half-way, under the same id
                .withBackoffLimit(0)
                .withTtlSecondsAfterFinished(config.ttlSecondsAfterFinished())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(nodeSelector(config))
                .withTolerations(tolerations(config))
                .withServiceAccountName(config.serviceAccount().orElse(null))
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withImagePullSecrets(config.imagePullSecrets().orElse(List.of()).stream()
                        .map(LocalObjectReference::new).toList())
                // time to finish the current tasks and send the last report after SIGTERM
                .withTerminationGracePeriodSeconds(spec.stopTimeoutSeconds() + 15)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(config.image())
                .withImagePullPolicy(config.imagePullPolicy())
                .withArgs("agent")
                .withEnv(env(spec, config))
                .withResources(resources(usersPerRunner, config.resources()))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("home").withMountPath(config.homeDir()).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("home").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec();
        if (facts.durationSeconds() > 0) {
            // a safety net for runners whose control plane went away: nothing runs far past the run's own end
            job.editSpec().withActiveDeadlineSeconds(STARTUP_ALLOWANCE_SECONDS + facts.durationSeconds()
                    + spec.stopTimeoutSeconds()).endSpec();
        }
        return job.build();
    }

    /** The agent's settings; its index comes from JOB_COMPLETION_INDEX, which the Job controller sets in each pod. */
    static List<EnvVar> env(LaunchSpec spec, KubernetesLaunchConfig config) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("BARRAGE_RUN_ID", spec.runId().toString(), null));
        env.add(new EnvVar("BARRAGE_RUNNER_COUNT", String.valueOf(spec.runners()), null));
        env.add(new EnvVar("BARRAGE_KAFKA_BOOTSTRAP", spec.kafkaBootstrap(), null));
        env.add(new EnvVar("BARRAGE_REPORTS_TOPIC", spec.reportsTopic(), null));
        env.add(new EnvVar("BARRAGE_CONTROL_TOPIC", spec.controlTopic(), null));
        env.add(new EnvVar("BARRAGE_SCENARIO_URL", scenarioUrl(spec.scenarioUrl(), config), null));
        env.add(new EnvVarBuilder().withName("BARRAGE_RUN_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                .withName(secretName(spec.runId())).withKey(TOKEN_KEY).endSecretKeyRef().endValueFrom().build());
        spec.kafkaAccess().environment().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        spec.kafkaAccess().secrets().keySet().forEach(name -> env.add(new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(secretName(spec.runId())).withKey(secretKey(name))
                .endSecretKeyRef().endValueFrom().build()));
        env.add(new EnvVar("BARRAGE_TARGET_HOST", spec.targetHost(), null));
        env.add(new EnvVar(dev.barrage.protocol.launch.PinnedTargets.ENVIRONMENT, spec.pinnedTargets(), null));
        env.add(new EnvVar("BARRAGE_STOP_TIMEOUT", String.valueOf(spec.stopTimeoutSeconds()), null));
        return env;
    }

    /** The scenario URL with the runner API's base in place of the public one, when runners have their own way in. */
    static String scenarioUrl(String scenarioUrl, KubernetesLaunchConfig config) {
        if (config.runnerApiUrl().isEmpty()) {
            return scenarioUrl;
        }
        URI url = URI.create(scenarioUrl);
        String base = config.runnerApiUrl().get().replaceAll("/+$", "");
        return base + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    static ResourceRequirements resources(int usersPerRunner, KubernetesLaunchConfig.Resources r) {
        long cpu = Math.min(r.maxCpuMillis(), Math.round(r.baseCpuMillis() + r.cpuMillisPerUser() * usersPerRunner));
        long cpuLimit = Math.round(cpu * Math.max(1, r.cpuLimitFactor()));
        long memory = Math.min(r.maxMemoryMib(), r.baseMemoryMib() + ((long) r.memoryKibPerUser() * usersPerRunner + 1023) / 1024);
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpu + "m"))
                .addToRequests("memory", new Quantity(memory + "Mi"))
                .addToLimits("cpu", new Quantity(cpuLimit + "m"))
                .addToLimits("memory", new Quantity(memory + "Mi"))
                .build();
    }

    static Map<String, String> nodeSelector(KubernetesLaunchConfig config) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String entry : config.nodeSelector().orElse(List.of())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("barrage.launch.kubernetes.node-selector: write key=value, got '" + entry + "'");
            }
            selector.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return selector;
    }

    /** {@code key=value:Effect} or {@code key:Effect}, as {@code kubectl taint} writes a taint. */
    static List<Toleration> tolerations(KubernetesLaunchConfig config) {
        List<Toleration> tolerations = new ArrayList<>();
        for (String entry : config.tolerations().orElse(List.of())) {
            String keyValue = entry;
            String effect = null;
            int colon = entry.lastIndexOf(':');
            if (colon >= 0) {
                keyValue = entry.substring(0, colon);
                effect = entry.substring(colon + 1).trim();
                if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                    throw new IllegalArgumentException("barrage.launch.kubernetes.tolerations: the effect of '" + entry
                            + "' must be NoSchedule, PreferNoSchedule or NoExecute");
                }
            }
            int eq = keyValue.indexOf('=');
            TolerationBuilder t = new TolerationBuilder().withEffect(effect);
            if (eq < 0) {
                t.withKey(keyValue.trim()).withOperator("Exists");
            } else {
                t.withKey(keyValue.substring(0, eq).trim()).withOperator("Equal").withValue(keyValue.substring(eq + 1).trim());
            }
            if (t.getKey().isEmpty()) {
                throw new IllegalArgumentException("barrage.launch.kubernetes.tolerations: no key in '" + entry + "'");
            }
            tolerations.add(t.build());
        }
        return tolerations;
    }
}
