package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.accounts.CallerResolver;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Starting a run of a project's scenario. Its own class: JAX-RS matches classes by their longest literal path. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/runs")
public class ProjectRunsResource {
    @Inject
    CallerResolver callers;

    @Inject
    RunService runs;

    @POST
    public Response start(@PathParam("projectId") UUID projectId, RunRequest request) {
        Run run = runs.start(callers.caller(), projectId, request);
        return Response.status(201).entity(RunResource.view(run.id)).build();
    }
}
