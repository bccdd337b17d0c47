package dev.barrage.protocol.messages;

import dev.barrage.protocol.IntervalReport;

/** A runner's statistics for one interval of a run. */
public record IntervalMessage(String runId, IntervalReport report) implements ProtocolMessage {}
