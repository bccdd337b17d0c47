package dev.barrage.controlplane.launch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.launch.kubernetes.RunnerPodState.Kind;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.junit.jupiter.api.Test;

/** Pod statuses as the kubelet and scheduler write them, and what the run is told. */
class RunnerPodStateTest {
    static Pod pod(PodStatus status) {
        return new PodBuilder().withNewMetadata().withName("barrage-run-1-0-abcde")
                .withCreationTimestamp("2026-01-01T10:00:00Z").endMetadata()
                .withNewSpec().withNodeName("node-a").endSpec().withStatus(status).build();
    }

    static PodStatusBuilder withRunner(String phase, ContainerStateBuilder state) {
        return new PodStatusBuilder().withPhase(phase).withContainerStatuses(new ContainerStatusBuilder()
                .withName("runner").withState(state.build()).build());
    }

    @Test
    void aNewPodIsPending() {
        RunnerPodState s = RunnerPodState.of(pod(null));
        assertThat(s.kind()).isEqualTo(Kind.PENDING);
        assertThat(s.since()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void anUnschedulablePodCarriesTheSchedulersMessage() {
        RunnerPodState s = RunnerPodState.of(pod(new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient cpu.").build()).build()));
        assertThat(s.kind()).isEqualTo(Kind.UNSCHEDULABLE);
        assertThat(s.detail()).isEqualTo("pod barrage-run-1-0-abcde cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(s.ended()).isFalse();
    }

    @Test
    void anImageThatCannotBePulledEndsTheRunnerButAFirstPullErrorDoesNot() {
        RunnerPodState backOff = RunnerPodState.of(pod(withRunner("Pending", new ContainerStateBuilder().withNewWaiting()
                .withReason("ImagePullBackOff").withMessage("Back-off pulling image \"barrage/runner:9\"").endWaiting()).build()));
        assertThat(backOff.kind()).isEqualTo(Kind.CANNOT_START);
        assertThat(backOff.detail()).isEqualTo("pod barrage-run-1-0-abcde cannot start: ImagePullBackOff: Back-off pulling image \"barrage/runner:9\"");

        RunnerPodState first = RunnerPodState.of(pod(withRunner("Pending", new ContainerStateBuilder().withNewWaiting()
                .withReason("ErrImagePull").withMessage("i/o timeout").endWaiting()).build()));
        assertThat(first.kind()).isEqualTo(Kind.PENDING);
        assertThat(first.detail()).isEqualTo("pod barrage-run-1-0-abcde is waiting: ErrImagePull: i/o timeout");
    }

    @Test
    void aMissingSecretIsAConfigurationError() {
        RunnerPodState s = RunnerPodState.of(pod(withRunner("Pending", new ContainerStateBuilder().withNewWaiting()
                .withReason("CreateContainerConfigError").withMessage("secret \"barrage-run-1-token\" not found").endWaiting()).build()));
        assertThat(s.kind()).isEqualTo(Kind.CANNOT_START);
        assertThat(s.detail()).endsWith("cannot start: CreateContainerConfigError: secret \"barrage-run-1-token\" not found");
    }

    @Test
    void aFailedRunnerReportsItsExitCodeAndTheEndOfItsTerminationMessage() {
        String log = "line\n".repeat(400) + "barrage agent: cannot fetch the scenario: HTTP 401";
        RunnerPodState s = RunnerPodState.of(pod(withRunner("Failed", new ContainerStateBuilder().withNewTerminated()
                .withExitCode(1).withReason("Error").withMessage(log).endTerminated()).build()));
        assertThat(s.kind()).isEqualTo(Kind.FAILED);
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(s.detail()).startsWith("pod barrage-run-1-0-abcde failed with exit code 1: …")
                .endsWith("barrage agent: cannot fetch the scenario: HTTP 401").hasSizeLessThan(1100);
    }

    @Test
    void anOutOfMemoryKillSaysSo() {
        RunnerPodState s = RunnerPodState.of(pod(withRunner("Failed", new ContainerStateBuilder().withNewTerminated()
                .withExitCode(137).withReason("OOMKilled").endTerminated()).build()));
        assertThat(s.detail()).isEqualTo("pod barrage-run-1-0-abcde failed with exit code 137 (OOMKilled)");
    }

    @Test
    void anEvictedPodHasOnlyThePodsReason() {
        RunnerPodState s = RunnerPodState.of(pod(new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").build()));
        assertThat(s.kind()).isEqualTo(Kind.FAILED);
        assertThat(s.detail()).isEqualTo("pod barrage-run-1-0-abcde failed: Evicted: The node was low on resource: memory.");
    }

    @Test
    void runningAndSucceeded() {
        assertThat(RunnerPodState.of(pod(new PodStatusBuilder().withPhase("Running").build())).summary())
                .isEqualTo("running: on node node-a");
        RunnerPodState done = RunnerPodState.of(pod(withRunner("Succeeded", new ContainerStateBuilder().withNewTerminated()
                .withExitCode(0).withReason("Completed").endTerminated()).build()));
        assertThat(done.kind()).isEqualTo(Kind.SUCCEEDED);
        assertThat(done.ended()).isTrue();
    }
}
