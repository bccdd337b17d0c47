package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.scenarios.ScenarioVersion;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * What runners fetch, authenticated by their run's short-lived token (not a person's sign-in): valid only while the
 * run has not ended.
 */
@jakarta.annotation.security.PermitAll
@Path("/runner-api/runs/{id}")
public class RunnerApiResource {
    public static final String TOKEN_HEADER = "X-Barrage-Run-Token";

    @GET
    @Path("/scenario")
    public Response scenario(@PathParam("id") UUID id, @HeaderParam(TOKEN_HEADER) String token) {
        ScenarioVersion version = QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(id);
            if (run == null || token == null || run.status().ended() || !Hashes.sameHash(run.runTokenHash, token)) {
                throw new ProblemException(401, "Unauthorized", "no valid run token for this run");
            }
            return ScenarioVersion.<ScenarioVersion>findById(run.scenarioVersionId);
        });
        return Response.ok(version.source, "text/x-java-source;charset=utf-8")
                .header("X-Barrage-Scenario-File", version.fileName)
                .build();
    }
}
