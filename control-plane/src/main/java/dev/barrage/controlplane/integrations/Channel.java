package dev.barrage.controlplane.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One integration's way of telling about runs: what to send for a run event (written down as deliveries when the
 * event happens) and how to send one delivery (when the worker gets to it, possibly several times).
 */
public interface Channel {
    IntegrationKind kind();

    /** The deliveries this event calls for; none when there is nothing to say. Must not block for long. */
    List<Planned> plan(RunContext run, IntegrationSetting setting);

    /**
     * Sends one delivery. Never throws: every outcome, including the service's refusal or no answer, is an
     * {@link Attempt}.
     *
     * @param payload what {@link #plan} wrote
     * @param secret the opened secret (webhook URL, API key, token); never to be logged or stored
     */
    Attempt deliver(String action, JsonNode payload, IntegrationSetting setting, String secret);

    /** Checks the settings against the service now (the {@code POST .../test} endpoint). */
    Attempt test(IntegrationSetting setting, String secret, String projectName);

    /**
     * A delivery to write down.
     *
     * @param orderingKey deliveries with the same key go out one at a time, in the order they were planned
     * @param skipReason when not null, the delivery is recorded as skipped with this reason and never sent
     */
    record Planned(String action, String orderingKey, Object payload, String skipReason) {
        public static Planned send(String action, String orderingKey, Object payload) {
            return new Planned(action, orderingKey, payload, null);
        }

        public static Planned skip(String action, String reason) {
            return new Planned(action, "skipped", java.util.Map.of(), reason);
        }
    }
}
