package dev.barrage.controlplane.secrets;

import dev.barrage.controlplane.accounts.CallerResolver;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * A project's secrets, which its scenarios read with {@code parameter(NAME)} on every runner: admins set and remove
 * them; the API never answers a value, only names.
 */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/secrets")
public class ProjectSecretResource {
    @Inject
    CallerResolver callers;

    @Inject
    ProjectSecrets secrets;

    /** The value of a secret being set. */
    public record NewValue(String value) {}

    @GET
    public List<ProjectSecrets.SecretView> list(@PathParam("projectId") UUID projectId) {
        return secrets.list(callers.caller(), projectId);
    }

    /** Sets a secret, or replaces its value; answers its name and who set it when, never the value. */
    @PUT
    @Path("/{name}")
    public ProjectSecrets.SecretView set(@PathParam("projectId") UUID projectId, @PathParam("name") String name,
            NewValue body) {
        return secrets.set(callers.caller(), projectId, name, body == null ? null : body.value());
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("projectId") UUID projectId, @PathParam("name") String name) {
        secrets.delete(callers.caller(), projectId, name);
        return Response.noContent().build();
    }
}
