package dev.barrage.controlplane.integrations.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.integrations.Attempt;
import dev.barrage.controlplane.integrations.Channel;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.integrations.OutboundHttp;
import dev.barrage.controlplane.integrations.RunContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Slack through an incoming webhook (https://api.slack.com/messaging/webhooks): one message when a run ends (passed,
 * broke a threshold, failed, stopped), and one when it starts if the project asked for it. The webhook URL is the
 * secret, so what is recorded names only its host.
 */
@ApplicationScoped
public class SlackChannel implements Channel {
    static final String MESSAGE = "message";

    @Inject
    OutboundHttp http;

    @Inject
    BarrageConfig config;

    @Override
    public IntegrationKind kind() {
        return IntegrationKind.SLACK;
    }

    @Override
    public List<Planned> plan(RunContext run, IntegrationSetting setting) {
        SlackSettings s = IntegrationSettings.config(setting, SlackSettings.class);
        if (!run.ended() && !s.notifyOnStart()) {
            return List.of();
        }
        return List.of(Planned.send(MESSAGE, "slack:" + run.event().runId(), SlackMessage.of(run)));
    }

    @Override
    public Attempt deliver(String action, JsonNode payload, IntegrationSetting setting, String webhookUrl) {
        return post(webhookUrl, payload.toString());
    }

    @Override
    public Attempt test(IntegrationSetting setting, String webhookUrl, String projectName) {
        return post(webhookUrl, IntegrationSettings.toJson(SlackMessage.test(projectName)), true);
    }

    private Attempt post(String webhookUrl, String body) {
        return post(webhookUrl, body, false);
    }

    private Attempt post(String webhookUrl, String body, boolean test) {
        URI uri;
        try {
            uri = URI.create(webhookUrl);
        } catch (IllegalArgumentException e) {
            return Attempt.failed(null, "the stored webhook URL is not a URL; set it again"); // the message would show it
        }
        String what = "POST " + uri.getHost();
        try {
            // Slack answers 200 "ok"; 400 invalid_payload, 403 action_prohibited, 404 no_service, 410 channel_is_archived
            http.requireHost(uri, config.integrations().slackWebhookHosts());
            OutboundHttp.Response r = http.send("POST", uri, Map.of(), body);
            return test ? OutboundHttp.tested(r, what) : OutboundHttp.classify(r, what);
        } catch (IOException e) {
            return OutboundHttp.unanswered(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.retry(null, what + ": interrupted", null);
        }
    }
}
