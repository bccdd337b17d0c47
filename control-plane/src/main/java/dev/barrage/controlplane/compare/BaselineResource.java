package dev.barrage.controlplane.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.runs.Run;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** A project's baseline run: every run of the project that ends later is judged against it. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/baseline")
public class BaselineResource {
    @Inject
    CallerResolver callers;

    @Inject
    RunSummaries summaries;

    /** The body of PUT; the tolerance's parts default to {@link Tolerance#DEFAULT}. */
    public record SetBaseline(String runId, Double relative, Double absoluteMillis, Double failRatioPoints) {}

    /**
     * The project's baseline: the run's id, its summary (null if the run is no longer readable) and the tolerance. A
     * project without one answers 200 with all three null: "no baseline" is an ordinary state, not a missing resource.
     */
    public record BaselineView(UUID projectId, UUID runId, RunSummary run, Tolerance tolerance) {
        static BaselineView none(UUID projectId) {
            return new BaselineView(projectId, null, null, null);
        }
    }

    @GET
    public BaselineView get(@PathParam("projectId") UUID projectId) {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_RUNS_READ, "reading a project's baseline");
        Project project = QuarkusTransaction.requiringNew().call(() -> Project.owned(projectId, caller));
        return project.baselineRunId == null ? BaselineView.none(project.id) : view(caller, project);
    }

    @PUT
    public BaselineView set(@PathParam("projectId") UUID projectId, SetBaseline body) {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_RUNS_WRITE, "setting a project's baseline");
        caller.require(Role.MEMBER, "setting a project's baseline");
        Project project = QuarkusTransaction.requiringNew().call(() -> {
            Project p = Project.owned(projectId, caller); // another tenant's project: 404 before anything else
            if (body == null || body.runId() == null || body.runId().isBlank()) {
                throw ProblemException.badRequest("name the baseline run: {\"runId\": \"...\"}").with("field", "runId");
            }
            UUID runId = CompareResource.uuid(body.runId().trim(), "runId");
            Tolerance tolerance = Tolerance.of(body.relative(), body.absoluteMillis(), body.failRatioPoints());
            Run run;
            try {
                run = Run.owned(runId, caller);
            } catch (ProblemException e) {
                throw e.with("field", "runId");
            }
            if (!run.projectId.equals(projectId)) {
                throw ProblemException.badRequest("run " + runId + " belongs to another project; a baseline is one of "
                        + "the project's own runs").with("field", "runId");
            }
            if (!List.of("finished", "stopped").contains(run.status) || run.report == null) {
                throw ProblemException.conflict("run " + runId + " is " + run.status + (run.report == null
                        ? " without a final report" : "") + "; a baseline is a finished or stopped run with its report")
                        .with("field", "runId");
            }
            p.baselineRunId = runId;
            try {
                p.baselineTolerance = BaselineJudge.JSON.writeValueAsString(tolerance);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return p;
        });
        return view(caller, project);
    }

    @DELETE
    public Response clear(@PathParam("projectId") UUID projectId) {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_RUNS_WRITE, "clearing a project's baseline");
        caller.require(Role.MEMBER, "clearing a project's baseline");
        QuarkusTransaction.requiringNew().run(() -> {
            Project p = Project.owned(projectId, caller);
            p.baselineRunId = null;
            p.baselineTolerance = null;
        });
        return Response.noContent().build();
    }

    private BaselineView view(Caller caller, Project project) {
        RunSummary run = summaries.of(caller, List.of(project.baselineRunId)).stream().findFirst().orElse(null);
        return new BaselineView(project.id, project.baselineRunId, run, BaselineJudge.tolerance(project));
    }
}
