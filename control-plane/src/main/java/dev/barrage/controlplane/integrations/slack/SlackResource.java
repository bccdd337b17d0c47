package dev.barrage.controlplane.integrations.slack;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.IntegrationResource;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A project's Slack integration: an incoming webhook, kept by admins; the URL is shown only by its end. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/integrations/slack")
public class SlackResource extends IntegrationResource {
    @Inject
    BarrageConfig config;

    /**
     * @param webhookUrl the incoming webhook, https://hooks.slack.com/services/...; leave it out to keep the stored one
     * @param notifyOnStart also post when a run starts (default false)
     */
    public record SlackRequest(String webhookUrl, Boolean notifyOnStart) {}

    /** @param webhookUrl the host and the last characters only */
    public record SlackView(String integration, String webhookUrl, boolean notifyOnStart, String updatedBy,
            OffsetDateTime updatedAt) {
        static SlackView of(IntegrationSetting s) {
            SlackSettings c = IntegrationSettings.config(s, SlackSettings.class);
            return new SlackView("slack", c.webhookOrigin() + "/" + s.secretHint, c.notifyOnStart(),
                    s.updatedBy, s.updatedAt);
        }
    }

    @GET
    public SlackView get(@PathParam("projectId") UUID projectId) {
        return SlackView.of(settings.get(callers.caller(), projectId, IntegrationKind.SLACK));
    }

    @PUT
    public SlackView put(@PathParam("projectId") UUID projectId, SlackRequest body) {
        Caller caller = callers.caller();
        Project project = settings.manageable(caller, projectId, "configuring Slack");
        if (body == null) {
            throw ProblemException.badRequest("send {\"webhookUrl\": \"https://hooks.slack.com/services/...\"}");
        }
        String origin;
        if (body.webhookUrl() != null && !body.webhookUrl().isBlank()) {
            URI uri = http.checkUrl(body.webhookUrl(), "webhookUrl");
            if (!http.allowedHost(uri, config.integrations().slackWebhookHosts())) {
                throw ProblemException.badRequest("webhookUrl must be a Slack incoming webhook on "
                        + String.join(" or ", config.integrations().slackWebhookHosts())).with("field", "webhookUrl");
            }
            origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } else {
            IntegrationSetting stored = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                    IntegrationSetting.of(project.id, IntegrationKind.SLACK));
            origin = stored == null ? null : IntegrationSettings.config(stored, SlackSettings.class).webhookOrigin();
        }
        SlackSettings s = new SlackSettings(Boolean.TRUE.equals(body.notifyOnStart()), origin);
        return SlackView.of(settings.put(caller, project, IntegrationKind.SLACK, s, body.webhookUrl(), "webhookUrl"));
    }

    @Override
    protected IntegrationKind kind() {
        return IntegrationKind.SLACK;
    }
}
