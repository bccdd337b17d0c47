package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.accounts.CallerResolver;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * What every kind of integration's resource answers the same way: removing it, and trying it now. Each kind's resource
 * keeps its own GET and PUT, whose bodies and views differ.
 */
@io.quarkus.security.Authenticated
public abstract class IntegrationResource {
    @Inject
    protected CallerResolver callers;

    @Inject
    protected IntegrationSettings settings;

    @Inject
    protected OutboundHttp http;

    protected abstract IntegrationKind kind();

    @DELETE
    public Response delete(@PathParam("projectId") UUID projectId) {
        settings.delete(callers.caller(), projectId, kind());
        return Response.noContent().build();
    }

    /**
     * Tries the integration now with the stored secret and tells what the service answered: Slack gets a short
     * message, Datadog is asked whether the API key is valid, GitHub whether the repository is reachable and writable.
     */
    @POST
    @Path("/test")
    public IntegrationSettings.TestResult test(@PathParam("projectId") UUID projectId) {
        return settings.test(callers.caller(), projectId, kind());
    }
}
