package dev.barrage.controlplane.launch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.controlplane.scenarios.CheckSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An upload check's Job and egress policy, without a cluster (the whole path: KubernetesUploadCheckTest). */
class CheckJobTest {
    static final UUID CHECK = UUID.fromString("0f4c1e1a-9b43-4c0f-8a5e-2d6b7f1c9e21");

    record Check(Optional<String> controlPlaneAddress, int controlPlanePort, int cpuMillis, int memoryOverheadMib)
            implements CheckSettings.Kubernetes {}

    static final Check CHECK_SETTINGS = new Check(Optional.empty(), 8080, 500, 200);

    @Test
    void thePodRunsOnTheRunnerPoolWithTheRunnersImageAndPullSecretsAndTheChecksOwnSizes() {
        Job job = CheckJob.job(new CheckJob.Spec(CHECK, "tok", CheckJob.inputsUrl("10.0.3.7", 8080, CHECK), true,
                List.of("-Xmx1g"), "1g", 89_500), RunnerJobTest.settings(List.of("barrage.dev/pool=runners"),
                List.of("barrage.dev/pool=runners:NoSchedule"), null), CHECK_SETTINGS);

        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsEntry("barrage.dev/pool", "runners");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("barrage.dev/pool"));
        assertThat(pod.getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("pull"));
        var container = pod.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("registry.example.com/barrage/runner:0.1.0");
        assertThat(container.getArgs()).containsExactly("check-pod",
                "--inputs=http://10.0.3.7:8080/runner-api/checks/" + CHECK + "/inputs", "--hosted", "--jvm-option=-Xmx1g",
                "--termination-log=/dev/termination-log");
        // a 1 GiB heap and 200 MiB more; half a processor
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("1224Mi"))
                .containsEntry("cpu", new Quantity("500m"));
        // 89.5 s of check, rounded up, and the minute to start
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90 + 60);
    }

    @Test
    void theHeapIsReadAsTheJvmReadsIt() {
        assertThat(CheckJob.heapMib("256m")).isEqualTo(256);
        assertThat(CheckJob.heapMib("1G")).isEqualTo(1024);
        assertThat(CheckJob.heapMib("262144k")).isEqualTo(256);
        assertThat(CheckJob.heapMib("268435457")).as("bytes, rounded up").isEqualTo(257);
        assertThatThrownBy(() -> CheckJob.heapMib("lots"))
                .hasMessage("barrage.limits.check-heap: write it as -Xmx takes it, e.g. 256m, got 'lots'");
    }

    @Test
    void anIpv6AddressIsBracketed() {
        assertThat(CheckJob.inputsUrl("fd00:10::7", 8080, CHECK))
                .isEqualTo("http://[fd00:10::7]:8080/runner-api/checks/" + CHECK + "/inputs");
    }

    @Test
    void theEgressPolicyAllowsTheControlPlaneOnlyByItsPodsOrItsAddresses() {
        var byPods = CheckJob.egress(CHECK, RunnerJobTest.EGRESS, 8080);
        assertThat(byPods.getSpec().getPodSelector().getMatchLabels()).containsEntry("barrage.dev/check-id", CHECK.toString())
                .containsEntry("app.kubernetes.io/component", "check").doesNotContainKey("barrage.dev/run-id");
        assertThat(byPods.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(p -> assertThat(p.getPodSelector().getMatchLabels())
                    .containsExactly(java.util.Map.entry("app.kubernetes.io/name", "barrage")));
            assertThat(rule.getPorts()).extracting(p -> p.getProtocol() + " " + p.getPort().getIntVal()).containsExactly("TCP 8080");
        });

        // a control plane outside the cluster: its address ranges; nothing of the runners' extra egress, Kafka or DNS
        var outside = new RunnerJobTest.Egress(true, Optional.empty(), Optional.empty(), Optional.of(List.of("10.20.0.0/24")),
                List.of(443), Optional.empty(), Optional.empty(), Optional.of(List.of("10.40.0.0/20")), List.of(9092),
                "kube-system", List.of("k8s-app=kube-dns"), Optional.of(List.of("10.9.0.0/24:443")));
        var byAddress = CheckJob.egress(CHECK, outside, 18090);
        assertThat(byAddress.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("10.20.0.0/24");
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(18090);
        });

        var nowhere = new RunnerJobTest.Egress(true, Optional.empty(), Optional.empty(), Optional.empty(), List.of(8080),
                Optional.empty(), Optional.empty(), Optional.of(List.of("10.40.0.0/20")), List.of(9092), "kube-system",
                List.of("k8s-app=kube-dns"), Optional.empty());
        assertThatThrownBy(() -> CheckJob.egress(CHECK, nowhere, 8080))
                .hasMessageContaining("set control-plane-pod-labels or control-plane-cidrs");
    }
}
