package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.scenarios.Scenario;
import dev.barrage.controlplane.scenarios.ScenarioFile;
import dev.barrage.controlplane.secrets.ProjectSecrets;
import dev.barrage.controlplane.scenarios.ScenarioVersion;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * What runners fetch, authenticated by their run's short-lived token (not a person's sign-in): valid only while the
 * run has not ended.
 */
@jakarta.annotation.security.PermitAll
@Path("/runner-api/runs/{id}")
public class RunnerApiResource {
    public static final String TOKEN_HEADER = "X-Barrage-Run-Token";

    @Inject
    ProjectSecrets secrets;

    /**
     * The scenario's first .java file, named in {@code X-Barrage-Scenario-File}; its other files (the other .java files
     * of a folder scenario, and its data files) named in {@code X-Barrage-Data-Files}, each at {@code files/{name}};
     * the scenario's name in {@code X-Barrage-Scenario-Name}.
     */
    @GET
    @Path("/scenario")
    public Response scenario(@PathParam("id") UUID id, @HeaderParam(TOKEN_HEADER) String token) {
        ScenarioVersion version = QuarkusTransaction.requiringNew().call(() ->
                ScenarioVersion.<ScenarioVersion>findById(authorised(id, token).scenarioVersionId));
        String others = QuarkusTransaction.requiringNew().call(() -> String.join(",",
                ScenarioFile.of(version.id).stream().map(f -> f.name).toList()));
        String name = QuarkusTransaction.requiringNew().call(() ->
                Scenario.<Scenario>findById(version.scenarioId).name);
        return Response.ok(version.source, "text/x-java-source;charset=utf-8")
                .header("X-Barrage-Scenario-File", version.fileName)
                .header("X-Barrage-Scenario-Name", name)
                .header("X-Barrage-Data-Files", others)
                .build();
    }

    /** What the scenario reads with {@code parameter(KEY)}: the run's parameters, and its project's secrets opened. */
    public record Parameters(Map<String, String> parameters, Map<String, String> secrets) {}

    @GET
    @Path("/parameters")
    public Parameters parameters(@PathParam("id") UUID id, @HeaderParam(TOKEN_HEADER) String token) {
        Run run = QuarkusTransaction.requiringNew().call(() -> authorised(id, token));
        return new Parameters(RunParameters.read(run.parameters), secrets.open(run.projectId));
    }

    @GET
    @Path("/files/{name}")
    public Response dataFile(@PathParam("id") UUID id, @PathParam("name") String name,
            @HeaderParam(TOKEN_HEADER) String token) {
        ScenarioFile file = QuarkusTransaction.requiringNew().call(() -> {
            Run run = authorised(id, token);
            ScenarioFile f = ScenarioFile.findById(new ScenarioFile.Key(run.scenarioVersionId, name));
            if (f == null) {
                throw ProblemException.notFound("data file " + name);
            }
            return f;
        });
        return Response.ok(file.content, "application/octet-stream").build();
    }

    private static Run authorised(UUID id, String token) {
        Run run = Run.findById(id);
        if (run == null || token == null || run.status().ended() || !Hashes.sameHash(run.runTokenHash, token)) {
            throw new ProblemException(401, "Unauthorized", "no valid run token for this run");
        }
        return run;
    }
}
