package dev.barrage.controlplane.compare;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Runs of any project and scenario version side by side, aligned by endpoint, judged against a baseline run. */
@io.quarkus.security.Authenticated
@Path("/api/runs/compare")
public class CompareResource {
    static final int MAX_RUNS = 10;

    @Inject
    CallerResolver callers;

    @Inject
    RunSummaries summaries;

    /**
     * {@code runs}: two to ten run ids, comma-separated (or the parameter repeated); {@code baseline}: the run the others
     * are judged against, the first by default; the tolerance's parts default to {@link Tolerance#DEFAULT}.
     */
    @GET
    public Comparison compare(@QueryParam("runs") List<String> runs, @QueryParam("baseline") String baseline,
            @QueryParam("relative") Double relative, @QueryParam("absoluteMillis") Double absoluteMillis,
            @QueryParam("failRatioPoints") Double failRatioPoints) {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_RUNS_READ, "comparing runs");
        Tolerance tolerance = Tolerance.of(relative, absoluteMillis, failRatioPoints);
        Set<UUID> ids = new LinkedHashSet<>();
        for (String part : runs == null ? List.<String>of() : runs) {
            for (String id : part.split(",")) {
                if (!id.isBlank()) {
                    ids.add(uuid(id.trim(), "runs"));
                }
            }
        }
        if (ids.size() < 2 || ids.size() > MAX_RUNS) {
            throw ProblemException.badRequest("compare 2 to " + MAX_RUNS + " different runs: runs=<id>,<id>,...; got "
                    + ids.size()).with("field", "runs");
        }
        UUID baselineId = baseline == null || baseline.isBlank() ? ids.iterator().next() : uuid(baseline.trim(), "baseline");
        if (!ids.contains(baselineId)) {
            throw ProblemException.badRequest("the baseline must be one of the runs compared").with("field", "baseline");
        }
        List<RunSummary> found = summaries.of(caller, ids);
        if (found.size() < ids.size()) {
            List<UUID> absent = new ArrayList<>(ids);
            found.forEach(s -> absent.remove(s.id()));
            throw ProblemException.notFound("a final report of run " + absent.getFirst()
                    + " (runs still in progress, runs that ended before any report and other accounts' runs cannot be "
                    + "compared)");
        }
        RunSummary base = found.stream().filter(s -> s.id().equals(baselineId)).findFirst().orElseThrow();
        return Comparison.of(found, base, tolerance);
    }

    static UUID uuid(String text, String field) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field + ": '" + text + "' is not a run id").with("field", field);
        }
    }
}
