package dev.barrage.runner.agent;

import java.net.URI;
import java.time.Duration;

/**
 * Everything a launched runner is told: which run it serves and as which runner, where Kafka is, where to fetch the
 * scenario and with which short-lived credential, and the target host.
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
        Duration waitForStart) {

    public String runnerId() {
        return runId + "-r" + runnerIndex;
    }
}
