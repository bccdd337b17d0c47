package dev.barrage.controlplane.runs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.controlplane.stats.LiveUpdate;
import dev.barrage.controlplane.stats.RunAggregator;
import dev.barrage.runner.report.CsvReport;
import dev.barrage.runner.report.HtmlReport;
import dev.barrage.runner.report.JsonReport;
import dev.barrage.runner.report.RunReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestStreamElementType;

@io.quarkus.security.Authenticated
@jakarta.ws.rs.Path("/api")
public class RunResource {
    private static final ObjectMapper REPORTS =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    CallerResolver callers;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    RunAggregator aggregator;

    public record UsersChange(Integer users, Double spawnRate) {}

    @GET
    @jakarta.ws.rs.Path("/runs")
    public List<RunView> list(@QueryParam("projectId") UUID projectId, @QueryParam("status") String status,
            @QueryParam("tag") String tag, @QueryParam("branch") String branch,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_RUNS_READ, "listing runs");
        if (caller.isToken()) {
            projectId = caller.projectScope();
        }
        StringBuilder query = new StringBuilder("accountId = :account");
        io.quarkus.panache.common.Parameters params = io.quarkus.panache.common.Parameters.with("account", caller.accountId());
        if (projectId != null) {
            query.append(" and projectId = :project");
            params.and("project", projectId);
        }
        if (status != null && !status.isBlank()) {
            try {
                params.and("status", RunStatus.of(status.trim()).id());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("status must be one of starting, running, stopping, finished, stopped, failed");
            }
            query.append(" and status = :status");
        }
        if (branch != null && !branch.isBlank()) {
            query.append(" and gitBranch = :branch");
            params.and("branch", branch.trim());
        }
        if (tag != null && !tag.isBlank()) {
            query.append(" and concat(',', tags, ',') like :tag");
            params.and("tag", "%," + tag.trim() + ",%");
        }
        int size = Math.max(1, Math.min(limit, 500));
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>find(query + " order by createdAt desc", params)
                .page(0, size).list().stream().map(RunView::of).toList());
    }

    @GET
    @jakarta.ws.rs.Path("/runs/{id}")
    public RunView get(@PathParam("id") UUID id) {
        Run.owned(id, callers.caller());
        callers.caller().requireScope(Caller.SCOPE_RUNS_READ, "reading a run");
        return view(id);
    }

    @POST
    @jakarta.ws.rs.Path("/runs/{id}/stop")
    public Response stop(@PathParam("id") UUID id) {
        Caller caller = callers.caller();
        Run run = Run.owned(id, caller);
        caller.requireScope(Caller.SCOPE_RUNS_WRITE, "stopping a run");
        caller.require(Role.MEMBER, "stopping a run");
        if (run.status().ended()) {
            throw ProblemException.conflict("the run has already ended (" + run.status + ")");
        }
        lifecycle.requestStop(id);
        return Response.accepted(view(id)).build();
    }

    @POST
    @jakarta.ws.rs.Path("/runs/{id}/users")
    public Response users(@PathParam("id") UUID id, UsersChange change) {
        Caller caller = callers.caller();
        Run run = Run.owned(id, caller);
        caller.requireScope(Caller.SCOPE_RUNS_WRITE, "changing the user count");
        caller.require(Role.MEMBER, "changing the user count");
        if (run.status() != RunStatus.RUNNING) {
            throw ProblemException.conflict("the user count can change only while the run runs; it is " + run.status);
        }
        if (change == null || change.users() == null || change.users() < 0) {
            throw ProblemException.badRequest("users must be 0 or more").with("field", "users");
        }
        dev.barrage.controlplane.quotas.Plan plan = QuarkusTransaction.requiringNew().call(() ->
                dev.barrage.controlplane.quotas.Plan.<dev.barrage.controlplane.quotas.Plan>findById(
                        dev.barrage.controlplane.accounts.Account.<dev.barrage.controlplane.accounts.Account>findById(run.accountId).plan));
        if (change.users() > plan.maxUsersPerRun) {
            throw new ProblemException(409, "Plan Limit", "the " + plan.name + " plan allows " + plan.maxUsersPerRun
                    + " users per run").with("field", "users").with("requested", change.users())
                    .with("limit", plan.maxUsersPerRun);
        }
        double rate = change.spawnRate() == null ? run.spawnRate : change.spawnRate();
        if (!(rate > 0)) {
            throw ProblemException.badRequest("spawnRate must be positive").with("field", "spawnRate");
        }
        lifecycle.setUsers(id, change.users(), rate);
        return Response.accepted(view(id)).build();
    }

    /** Live statistics as server-sent events, one event per interval, until the run ends. */
    @GET
    @io.smallrye.common.annotation.Blocking
    @jakarta.ws.rs.Path("/runs/{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LiveUpdate> live(@PathParam("id") UUID id) {
        Run run = Run.owned(id, callers.caller());
        callers.caller().requireScope(Caller.SCOPE_RUNS_READ, "watching a run");
        return aggregator.stream(id).orElseThrow(() ->
                ProblemException.conflict("the run is not in progress (" + run.status + "); get its report instead"));
    }

    /**
     * The report: JSON by default, {@code format=csv} with {@code file=stats|stats_history|failures|exceptions}
     * (Locust's layout), or {@code format=html}. While the run is in progress, the numbers so far.
     */
    @GET
    @jakarta.ws.rs.Path("/runs/{id}/report")
    public Response report(@PathParam("id") UUID id, @QueryParam("format") @DefaultValue("json") String format,
            @QueryParam("file") @DefaultValue("stats") String file) throws IOException {
        Run run = Run.owned(id, callers.caller());
        callers.caller().requireScope(Caller.SCOPE_RUNS_READ, "reading a report");
        RunReport report = reportOf(run);
        return switch (format) {
            case "json" -> Response.ok(JsonReport.render(report), MediaType.APPLICATION_JSON).build();
            case "html" -> Response.ok(HtmlReport.render(report), MediaType.TEXT_HTML + ";charset=utf-8").build();
            case "csv" -> {
                if (!CsvReport.FILES.contains(file)) {
                    throw ProblemException.badRequest("file must be one of " + CsvReport.FILES);
                }
                yield Response.ok(CsvReport.render(report, file, true, "control-plane"), "text/csv;charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"run-" + id + "_" + file + ".csv\"")
                        .build();
            }
            default -> throw ProblemException.badRequest("format must be json, csv or html");
        };
    }

    private RunReport reportOf(Run run) throws IOException {
        if (run.report != null) {
            return REPORTS.readValue(run.report, RunReport.class);
        }
        return aggregator.current(run.id).orElseThrow(() ->
                ProblemException.notFound("statistics of run " + run.id + " (it ended before any report)"));
    }

    static RunView view(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> RunView.of(Run.findById(id)));
    }
}
