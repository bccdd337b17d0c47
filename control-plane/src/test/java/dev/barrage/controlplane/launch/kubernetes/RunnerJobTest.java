package dev.barrage.controlplane.launch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.controlplane.launch.LaunchSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Job and Secret of a run, field by field, without a cluster. */
class RunnerJobTest {
    static final UUID RUN = UUID.fromString("7c99d3ab-4b2a-4f3e-ad1d-afe96b1aec46");
    static final LaunchSpec SPEC = new LaunchSpec(RUN, 3, "s3cret-token", "https://barrage.example.com/runner-api/runs/" + RUN
            + "/scenario", "http://shop.internal:8080", 10, "kafka-1:9092,kafka-2:9092", "reports", "control",
            List.of(new dev.barrage.controlplane.launch.PinnedTarget("shop.internal", 8080, List.of("10.1.2.3"))),
            new dev.barrage.controlplane.launch.RunnerKafkaAccess("SASL_SSL", "SCRAM-SHA-512", "barrage-run-" + RUN,
                    "kafka-s3cret", "cnVuLWtleS1zM2NyZXQ="));
    static final RunnerJob.RunFacts FACTS = new RunnerJob.RunFacts(UUID.randomUUID(), UUID.randomUUID(), 1000, 300);

    record Settings(String namespace, String image, String imagePullPolicy, Optional<List<String>> imagePullSecrets,
            Optional<String> serviceAccount, Optional<List<String>> nodeSelector, Optional<List<String>> tolerations,
            int ttlSecondsAfterFinished, Duration pendingTimeout, Optional<String> runnerApiUrl, String homeDir,
            Resources resources, NetworkPolicy networkPolicy) implements KubernetesLaunchConfig {}

    record Egress(boolean enabled, Optional<List<String>> controlPlanePodLabels, Optional<String> controlPlaneNamespace,
            Optional<List<String>> controlPlaneCidrs, List<Integer> controlPlanePorts, Optional<List<String>> kafkaPodLabels,
            Optional<String> kafkaNamespace, Optional<List<String>> kafkaCidrs, List<Integer> kafkaPorts,
            String dnsNamespace, List<String> dnsPodLabels, Optional<List<String>> extraEgress)
            implements KubernetesLaunchConfig.NetworkPolicy {}

    static final Egress EGRESS = new Egress(true, Optional.of(List.of("app.kubernetes.io/name=barrage")),
            Optional.of("barrage"), Optional.empty(), List.of(8080), Optional.of(List.of("app=kafka")), Optional.of("kafka"),
            Optional.empty(), List.of(9092, 9094), "kube-system", List.of("k8s-app=kube-dns"), Optional.of(List.of("10.9.0.0/24:443")));

    record Sizes(int baseCpuMillis, double cpuMillisPerUser, int maxCpuMillis, double cpuLimitFactor, int baseMemoryMib,
            int memoryKibPerUser, int maxMemoryMib) implements KubernetesLaunchConfig.Resources {}

    static final Sizes DEFAULT_SIZES = new Sizes(500, 2, 4000, 2, 512, 512, 8192);

    static Settings settings(List<String> nodeSelector, List<String> tolerations, String runnerApiUrl) {
        return new Settings("runners", "registry.example.com/barrage/runner:0.1.0", "IfNotPresent", Optional.of(List.of("pull")),
                Optional.empty(), Optional.of(nodeSelector), Optional.of(tolerations), 600, Duration.ofSeconds(90),
                Optional.ofNullable(runnerApiUrl), "/home/barrage", DEFAULT_SIZES, EGRESS);
    }

    @Test
    void theEgressPolicyAllowsExactlyThePinnedAddressesAndThePlatform() {
        LaunchSpec spec = new LaunchSpec(RUN, 2, "t", "https://barrage.example.com/runner-api/runs/" + RUN + "/scenario",
                "http://shop.example.com", 0, "kafka:9092", "r", "c", List.of(
                        new dev.barrage.controlplane.launch.PinnedTarget("shop.example.com", 443, List.of("203.0.113.7", "2001:db8::7")),
                        new dev.barrage.controlplane.launch.PinnedTarget("cache.example.com", 6379, List.of("203.0.113.9"))),
                SPEC.kafkaAccess());
        var policy = RunnerEgressPolicy.of(spec, FACTS, EGRESS);
        assertThat(policy.getMetadata().getName()).isEqualTo("barrage-run-" + RUN + "-egress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("barrage.dev/run-id", RUN.toString())
                .containsAllEntriesOf(RunnerJob.runnerSelector());
        var rules = policy.getSpec().getEgress();
        assertThat(rules.get(0).getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("203.0.113.7/32", "2001:db8::7/128");
        assertThat(rules.get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443);
        assertThat(rules.get(1).getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("203.0.113.9/32");
        assertThat(rules.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(6379);
        assertThat(rules.get(3).getTo()).singleElement().satisfies(p -> {
            assertThat(p.getPodSelector().getMatchLabels()).containsExactly(java.util.Map.entry("app", "kafka"));
            assertThat(p.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "kafka");
        });
        assertThat(rules.get(3).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9092, 9094);
        assertThat(rules.get(5).getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("10.9.0.0/24");
        assertThat(rules).hasSize(6);
        assertThat(RunnerJob.env(spec, settings(List.of(), List.of(), null))).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("BARRAGE_PINNED_TARGETS");
            assertThat(e.getValue()).isEqualTo("shop.example.com 443 203.0.113.7,2001:db8::7;cache.example.com 6379 203.0.113.9");
        });

        Egress nowhereToReport = new Egress(true, Optional.empty(), Optional.empty(), Optional.empty(), List.of(8080),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(9092), "kube-system", List.of("k8s-app=kube-dns"),
                Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunnerEgressPolicy.of(spec, FACTS, nowhereToReport))
                .hasMessageContaining("set control-plane-pod-labels or control-plane-cidrs");
    }

    @Test
    void oneIndexedJobWithACompletionPerRunner() {
        Job job = RunnerJob.job(SPEC, FACTS, settings(List.of("barrage.dev/pool=runners"),
                List.of("barrage.dev/pool=runners:NoSchedule"), null));
        assertThat(job.getMetadata().getName()).isEqualTo("barrage-run-" + RUN).hasSizeLessThanOrEqualTo(63);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(3);
        assertThat(job.getSpec().getParallelism()).isEqualTo(3);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300 + 300 + 10);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("barrage.dev/run-id", RUN.toString())
                .containsEntry("barrage.dev/account-id", FACTS.accountId().toString())
                .containsEntry("barrage.dev/project-id", FACTS.projectId().toString())
                .containsAllEntriesOf(RunnerJob.runnerSelector());
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("pull");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(25);
        Container c = pod.getContainers().getFirst();
        assertThat(c.getArgs()).containsExactly("agent");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/tmp", "/home/barrage");
    }

    @Test
    void theEnvironmentIsTheAgentsAndTheTokenComesFromTheSecret() {
        Job job = RunnerJob.job(SPEC, FACTS, settings(List.of(), List.of(), null));
        List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        Map<String, String> values = env.stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(values).containsEntry("BARRAGE_RUN_ID", RUN.toString()).containsEntry("BARRAGE_RUNNER_COUNT", "3")
                .containsEntry("BARRAGE_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092")
                .containsEntry("BARRAGE_REPORTS_TOPIC", "reports").containsEntry("BARRAGE_CONTROL_TOPIC", "control")
                .containsEntry("BARRAGE_SCENARIO_URL", SPEC.scenarioUrl())
                .containsEntry("BARRAGE_TARGET_HOST", "http://shop.internal:8080").containsEntry("BARRAGE_STOP_TIMEOUT", "10")
                .doesNotContainKey("BARRAGE_RUNNER_INDEX"); // the agent takes JOB_COMPLETION_INDEX
        assertThat(values).containsEntry("BARRAGE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("BARRAGE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("BARRAGE_KAFKA_USERNAME", "barrage-run-" + RUN);
        assertThat(values.values()).noneMatch(v -> v.contains("s3cret"));
        for (String[] secretEnv : new String[][] {{"BARRAGE_KAFKA_PASSWORD", "kafka-password", "kafka-s3cret"},
                {"BARRAGE_RUN_KEY", "run-key", "cnVuLWtleS1zM2NyZXQ="}}) {
            EnvVar e = env.stream().filter(v -> v.getName().equals(secretEnv[0])).findFirst().orElseThrow();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(RunnerJob.secretName(RUN));
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(secretEnv[1]);
            assertThat(new String(Base64.getDecoder().decode(RunnerJob.secret(SPEC, FACTS).getData().get(secretEnv[1])),
                    StandardCharsets.UTF_8)).isEqualTo(secretEnv[2]);
        }
        assertThat(SPEC.toString()).doesNotContain("s3cret");
        EnvVar token = env.stream().filter(e -> e.getName().equals("BARRAGE_RUN_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo(RunnerJob.secretName(RUN));
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");

        var secret = RunnerJob.secret(SPEC, FACTS);
        assertThat(secret.getMetadata().getName()).isEqualTo(RunnerJob.secretName(RUN));
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("s3cret-token");
        assertThat(secret.getMetadata().getLabels()).containsEntry("barrage.dev/run-id", RUN.toString());
    }

    @Test
    void runnersCanReachTheControlPlaneInsideTheCluster() {
        assertThat(RunnerJob.scenarioUrl(SPEC.scenarioUrl(), settings(List.of(), List.of(), "http://barrage.barrage.svc:8080/")))
                .isEqualTo("http://barrage.barrage.svc:8080/runner-api/runs/" + RUN + "/scenario");
    }

    @Test
    void requestsGrowWithTheUsersOfARunnerUpToTheCap() {
        ResourceRequirements few = RunnerJob.resources(10, DEFAULT_SIZES);
        assertThat(few.getRequests()).containsEntry("cpu", new Quantity("520m")).containsEntry("memory", new Quantity("517Mi"));
        assertThat(few.getLimits()).containsEntry("cpu", new Quantity("1040m")).containsEntry("memory", new Quantity("517Mi"));
        ResourceRequirements many = RunnerJob.resources(1000, DEFAULT_SIZES);
        assertThat(many.getRequests()).containsEntry("cpu", new Quantity("2500m")).containsEntry("memory", new Quantity("1012Mi"));
        ResourceRequirements huge = RunnerJob.resources(100_000, DEFAULT_SIZES);
        assertThat(huge.getRequests()).containsEntry("cpu", new Quantity("4000m")).containsEntry("memory", new Quantity("8192Mi"));
        // the runner count divides the users: 1000 users on 3 runners is 334 per runner
        Job job = RunnerJob.job(SPEC, FACTS, settings(List.of(), List.of(), null));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().getRequests())
                .containsEntry("cpu", new Quantity("1168m"));
    }

    @Test
    void nodeSelectorAndTolerationsAreWrittenAsKubectlWritesThem() {
        var s = settings(List.of("barrage.dev/pool=runners", "kubernetes.io/arch=amd64"),
                List.of("barrage.dev/pool=runners:NoSchedule", "spot:NoExecute", "dedicated=load"), null);
        assertThat(RunnerJob.nodeSelector(s)).containsExactly(Map.entry("barrage.dev/pool", "runners"),
                Map.entry("kubernetes.io/arch", "amd64"));
        assertThat(RunnerJob.tolerations(s)).extracting(Toleration::getKey, Toleration::getOperator, Toleration::getValue,
                Toleration::getEffect).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("barrage.dev/pool", "Equal", "runners", "NoSchedule"),
                        org.assertj.core.groups.Tuple.tuple("spot", "Exists", null, "NoExecute"),
                        org.assertj.core.groups.Tuple.tuple("dedicated", "Equal", "load", null));
        assertThatThrownBy(() -> RunnerJob.tolerations(settings(List.of(), List.of("pool=runners:Never"), null)))
                .hasMessageContaining("must be NoSchedule, PreferNoSchedule or NoExecute");
        assertThatThrownBy(() -> RunnerJob.nodeSelector(settings(List.of("runners"), List.of(), null)))
                .hasMessageContaining("write key=value");
    }

    @Test
    void withoutAKnownDurationThereIsNoDeadline() {
        Job job = RunnerJob.job(SPEC, RunnerJob.RunFacts.unknown(), settings(List.of(), List.of(), null));
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isNull();
        assertThat(job.getMetadata().getLabels()).doesNotContainKeys("barrage.dev/account-id", "barrage.dev/project-id");
    }
}
