package dev.barrage.runner.agent;

import dev.barrage.protocol.launch.PinnedTargets;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything a launched runner is told: which run it serves and as which runner, where Kafka is, where to fetch the
 * scenario and with which short-lived credential, the target host, and every host and port the run may reach with
 * the addresses the control plane pinned for them.
 */
public record AgentSettings(
        String runId,
        int runnerIndex,
        int runnerCount,
        String kafkaBootstrap,
        String reportsTopic,
        String controlTopic,
        URI bundleUrl,
        String token,
        URI host,
        Duration stopTimeout,
        Duration waitForStart,
        List<PinnedTargets.Target> targets) {

    public AgentSettings {
        targets = List.copyOf(targets);
    }

    public String runnerId() {
        return runId + "-r" + runnerIndex;
    }
}
