package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.protocol.launch.CheckInputs;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.UUID;

/**
 * What a check pod fetches: the upload's scenario, data files and resolved //DEPS jars in one zip
 * ({@link CheckInputs}), for its one-time token (not a person's sign-in), while its check runs.
 */
@jakarta.annotation.security.PermitAll
@Path("/runner-api/checks/{id}")
public class CheckInputsResource {
    @Inject
    CheckTickets tickets;

    @GET
    @Path("/inputs")
    public Response inputs(@PathParam("id") UUID id, @HeaderParam(CheckInputs.TOKEN_HEADER) String token) {
        CheckSandbox.Input input = tickets.take(id, token);
        if (input == null) {
            throw new ProblemException(401, "Unauthorized", "no valid check token for this check: its inputs are "
                    + "served once, to its pod, while it runs");
        }
        StreamingOutput zip = out -> CheckInputs.write(out,
                input.scenario().folder() ? input.scenario().name() : null, input.scenario().sources(),
                input.scenario().dataFiles(), input.dependencyJars());
        return Response.ok(zip, CheckInputs.CONTENT_TYPE).build();
    }
}
