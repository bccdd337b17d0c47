package dev.barrage.controlplane.compare;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.projects.Project;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;

/** A project's runs over time, endpoint by endpoint, for trend charts. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/trends")
public class TrendsResource {
    @Inject
    CallerResolver callers;

    @Inject
    RunSummaries summaries;

    /** The newest {@code limit} (1-200) finished or stopped runs with a report, oldest first; {@code branch} narrows. */
    @GET
    public Trend trends(@PathParam("projectId") UUID projectId, @QueryParam("limit") @DefaultValue("30") int limit,
            @QueryParam("branch") String branch) {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_RUNS_READ, "reading a project's trends");
        UUID baseline = QuarkusTransaction.requiringNew().call(() -> Project.owned(projectId, caller).baselineRunId);
        String onBranch = branch == null || branch.isBlank() ? null : branch.trim();
        return Trend.of(projectId, baseline,
                summaries.history(caller, projectId, onBranch, Math.max(1, Math.min(limit, 200))));
    }
}
