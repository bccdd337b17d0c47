package dev.barrage.controlplane.integrations.slack;

/**
 * A project's Slack settings besides the webhook URL (which is the secret).
 *
 * @param notifyOnStart also post when a run starts, not only when it ends
 * @param webhookOrigin the webhook's scheme, host and port, to show where it goes without showing the secret path
 */
public record SlackSettings(boolean notifyOnStart, String webhookOrigin) {}
