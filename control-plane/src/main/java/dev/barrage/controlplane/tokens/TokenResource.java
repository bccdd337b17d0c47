package dev.barrage.controlplane.tokens;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Project API tokens for CI: created by admins, shown once, listed by prefix, revocable. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/tokens")
public class TokenResource {
    @Inject
    CallerResolver callers;

    public record NewToken(String name, List<String> scopes) {}

    public record TokenView(UUID id, String name, String prefix, Set<String> scopes, String createdBy,
            OffsetDateTime createdAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, t.prefix, t.scopeSet(), t.createdBy, t.createdAt, t.lastUsedAt, t.revokedAt);
        }
    }

    /** The only time the token itself is shown. */
    public record CreatedToken(TokenView token, String secret) {}

    @GET
    public List<TokenView> list(@PathParam("projectId") UUID projectId) {
        Caller caller = callers.caller();
        caller.requirePerson("listing API tokens");
        caller.require(Role.MEMBER, "seeing API tokens");
        Project project = Project.owned(projectId, caller);
        return ApiToken.<ApiToken>list("projectId = ?1 order by createdAt desc", project.id).stream()
                .map(TokenView::of).toList();
    }

    @POST
    @Transactional
    public Response create(@PathParam("projectId") UUID projectId, NewToken body) {
        Caller caller = callers.caller();
        caller.requirePerson("creating an API token");
        caller.require(Role.ADMIN, "creating an API token");
        Project project = Project.owned(projectId, caller);
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            throw ProblemException.badRequest("a token needs a name of at most 100 characters, e.g. \"github-actions\"")
                    .with("field", "name");
        }
        Set<String> scopes = new TreeSet<>(body.scopes() == null || body.scopes().isEmpty()
                ? Caller.ALL_SCOPES : body.scopes());
        List<String> unknown = new ArrayList<>(scopes);
        unknown.removeAll(Caller.ALL_SCOPES);
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest("unknown scopes " + unknown + "; a token may have " + new TreeSet<>(Caller.ALL_SCOPES))
                    .with("field", "scopes");
        }
        String secret = ApiToken.MARK + Hashes.randomToken();
        ApiToken t = new ApiToken();
        t.id = UUID.randomUUID();
        t.accountId = caller.accountId();
        t.projectId = project.id;
        t.name = body.name().trim();
        t.prefix = secret.substring(0, ApiToken.PREFIX_LENGTH);
        t.tokenHash = Hashes.sha256(secret);
        t.scopes = String.join(",", scopes);
        t.createdBy = caller.subject();
        t.createdAt = OffsetDateTime.now();
        t.persist();
        return Response.status(201).entity(new CreatedToken(TokenView.of(t), secret)).build();
    }

    @DELETE
    @Path("/{tokenId}")
    @Transactional
    public Response revoke(@PathParam("projectId") UUID projectId, @PathParam("tokenId") UUID tokenId) {
        Caller caller = callers.caller();
        caller.requirePerson("revoking an API token");
        caller.require(Role.ADMIN, "revoking an API token");
        Project project = Project.owned(projectId, caller);
        ApiToken t = ApiToken.find("id = ?1 and projectId = ?2", tokenId, project.id).firstResult();
        if (t == null) {
            throw ProblemException.notFound("API token " + tokenId);
        }
        if (t.revokedAt == null) {
            t.revokedAt = OffsetDateTime.now();
        }
        return Response.noContent().build();
    }
}
