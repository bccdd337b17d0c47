package dev.barrage.controlplane.integrations.datadog;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.IntegrationResource;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A project's Datadog integration: an API key and the site, kept by admins; the key is shown only by its end. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/integrations/datadog")
public class DatadogResource extends IntegrationResource {
    /**
     * @param apiKey a Datadog API key (not an application key); leave it out to keep the stored one
     * @param site datadoghq.com (default), us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com,
     *     ap2.datadoghq.com or ddog-gov.com
     * @param apiUrl instead of https://api.SITE: another Datadog site's API host (any other host only as a local
     *     stand-in, barrage.integrations.plain-http-hosts)
     */
    public record DatadogRequest(String apiKey, String site, String apiUrl) {}

    /** @param apiKey the last characters only; @param apiUrl where the points and events go */
    public record DatadogView(String integration, String apiKey, String site, String apiUrl, String updatedBy,
            OffsetDateTime updatedAt) {
        static DatadogView of(IntegrationSetting s) {
            DatadogSettings c = IntegrationSettings.config(s, DatadogSettings.class);
            return new DatadogView("datadog", s.secretHint, c.site(), c.baseUrl(), s.updatedBy, s.updatedAt);
        }
    }

    @GET
    public DatadogView get(@PathParam("projectId") UUID projectId) {
        return DatadogView.of(settings.get(callers.caller(), projectId, IntegrationKind.DATADOG));
    }

    @PUT
    public DatadogView put(@PathParam("projectId") UUID projectId, DatadogRequest body) {
        Caller caller = callers.caller();
        Project project = settings.manageable(caller, projectId, "configuring Datadog");
        if (body == null) {
            throw ProblemException.badRequest("send {\"apiKey\": \"...\", \"site\": \"datadoghq.com\"}");
        }
        String site = body.site() == null || body.site().isBlank() ? DatadogSettings.DEFAULT_SITE : body.site().strip();
        if (!DatadogSettings.SITES.contains(site)) {
            throw ProblemException.badRequest("site must be one of " + String.join(", ", DatadogSettings.SITES))
                    .with("field", "site");
        }
        String apiUrl = body.apiUrl() == null || body.apiUrl().isBlank() ? null
                : http.checkUrl(body.apiUrl(), "apiUrl", DatadogSettings.apiHosts()).toString();
        return DatadogView.of(settings.put(caller, project, IntegrationKind.DATADOG, new DatadogSettings(site, apiUrl),
                body.apiKey(), "apiKey"));
    }

    @Override
    protected IntegrationKind kind() {
        return IntegrationKind.DATADOG;
    }
}
