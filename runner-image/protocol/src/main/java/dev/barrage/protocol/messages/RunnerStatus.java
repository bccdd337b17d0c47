package dev.barrage.protocol.messages;

/**
 * A runner's lifecycle: READY once it has the scenario and listens for commands, RUNNING once started, STOPPED when
 * its run is over ({@code lastSequence} is the sequence number of its last interval report, so the aggregator knows
 * when it has them all), FAILED with a reason. A STOPPED with a message says the scenario asked for the whole run to
 * stop (a feeder out of rows with {@code WhenExhausted.STOP_RUN}): the control plane stops every other runner with
 * that reason.
 */
public record RunnerStatus(String runId, String runnerId, State state, long epochMillis, long lastSequence,
        String message) implements ProtocolMessage {

    public enum State { READY, RUNNING, STOPPED, FAILED }
}
