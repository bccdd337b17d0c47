package dev.barrage.protocol.messages;

/**
 * Everything runners and the control plane say to each other over Kafka, keyed by run id so that one run's messages
 * stay in order on one partition. Runners publish {@link IntervalMessage} and {@link RunnerStatus} on the reports
 * topic; the control plane publishes {@link RunnerCommand} on the control topic.
 */
public sealed interface ProtocolMessage permits IntervalMessage, RunnerStatus, RunnerCommand {
    String runId();
}
