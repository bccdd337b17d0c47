package dev.barrage.controlplane.integrations.slack;

import dev.barrage.controlplane.integrations.SecretDestination;

/**
 * A project's Slack settings besides the webhook URL (which is the secret).
 *
 * @param notifyOnStart also post when a run starts, not only when it ends
 * @param webhookOrigin the webhook's scheme, host and port, to show where it goes without showing the secret path
 */
public record SlackSettings(boolean notifyOnStart, String webhookOrigin) implements SecretDestination {
    /** The webhook URL is the secret itself: a new URL always comes with its secret. */
    @Override
    public String destination() {
        return String.valueOf(webhookOrigin);
    }

    @Override
    public String destinationFields() {
        return "webhookUrl";
    }
}
