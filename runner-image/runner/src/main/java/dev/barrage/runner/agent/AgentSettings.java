package dev.barrage.runner.agent;

import dev.barrage.protocol.launch.PinnedTargets;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything a launched runner is told: which run it serves and as which runner, where Kafka is and the run's own
 * credential for it, the run's key (its records' MACs), where to fetch the scenario and with which short-lived
 * credential, the target host, and every host and port the run may reach with the addresses the control plane pinned
 * for them. {@link #toString()} leaves the secrets out.
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
        KafkaLogin kafkaLogin,
        byte[] runKey,
        List<PinnedTargets.Target> targets) {

    public AgentSettings {
        targets = List.copyOf(targets);
    }

    /** How the runner signs in to Kafka: the run's own SASL credential (or none, for a broker without authentication). */
    public record KafkaLogin(String securityProtocol, String mechanism, String username, String password) {
        @Override
        public String toString() {
            return "KafkaLogin[" + securityProtocol + " " + mechanism + " " + username + ", password=(hidden)]";
        }
    }

    @Override
    public String toString() {
        return "AgentSettings[runId=" + runId + ", runner=" + runnerIndex + "/" + runnerCount + ", kafka=" + kafkaBootstrap
                + " " + kafkaLogin + ", host=" + host + ", token=(hidden), runKey=(hidden)]";
    }

    public String runnerId() {
        return runId + "-r" + runnerIndex;
    }
}
