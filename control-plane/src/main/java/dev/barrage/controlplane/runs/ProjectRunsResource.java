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

    /**
     * What starting this run (the same body) would cost in VU-hours, how that was computed, what would remain, and
     * whether it would be refused (the 402/409 reasons): the start holds exactly this figure. Nothing is started or held;
     * the target is not contacted.
     */
    @POST
    @jakarta.ws.rs.Path("/estimate")
    public RunEstimate estimate(@PathParam("projectId") UUID projectId, RunRequest request) {
        return RunEstimate.of(runs.estimate(callers.caller(), projectId, request));
    }
}
