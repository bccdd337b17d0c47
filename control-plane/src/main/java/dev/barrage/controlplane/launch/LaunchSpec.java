package dev.barrage.controlplane.launch;

import java.util.List;
import java.util.UUID;

/**
 * What a launcher needs to start the runners of a run. The token and the Kafka access's password and key are secret:
 * pass them in the environment only.
 */
public record LaunchSpec(UUID runId, int runners, String runToken, String scenarioUrl, String targetHost, long stopTimeoutSeconds,
        String kafkaBootstrap, String reportsTopic, String controlTopic, List<PinnedTarget> targets,
        RunnerKafkaAccess kafkaAccess) {
    public LaunchSpec {
        targets = List.copyOf(targets);
    }

    /** The targets as the runners read them ({@code BARRAGE_PINNED_TARGETS}). */
    public String pinnedTargets() {
        return dev.barrage.protocol.launch.PinnedTargets.encode(targets.stream()
                .map(t -> new dev.barrage.protocol.launch.PinnedTargets.Target(t.host(), t.port(), t.addresses())).toList());
    }

    public String runnerId(int index) {
        return runId + "-r" + index;
    }

    /** Without the token, should a spec ever be logged or put in an exception message. */
    @Override
    public String toString() {
        return "LaunchSpec[runId=" + runId + ", runners=" + runners + ", runToken=(hidden), scenarioUrl=" + scenarioUrl
                + ", targetHost=" + targetHost + ", stopTimeoutSeconds=" + stopTimeoutSeconds + ", kafkaBootstrap="
                + kafkaBootstrap + ", reportsTopic=" + reportsTopic + ", controlTopic=" + controlTopic + ", targets=" + targets + ", kafkaAccess=" + kafkaAccess + "]";
    }
}
