package dev.barrage.controlplane.integrations.github;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.IntegrationResource;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A project's GitHub integration: a token and the repository it reports to, kept by admins. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/integrations/github")
public class GitHubResource extends IntegrationResource {
    @Inject
    BarrageConfig config;

    private static final String REPOSITORY = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}";

    /**
     * @param token a token that may write commit statuses and pull request comments (fine-grained: "Commit statuses"
     *     and "Pull requests" read and write); leave it out to keep the stored one
     * @param repository owner/name
     * @param apiUrl for GitHub Enterprise Server, https://HOST/api/v3 with a HOST the operator named
     *     (barrage.integrations.github-enterprise-hosts); default https://api.github.com
     */
    public record GitHubRequest(String token, String repository, String apiUrl) {}

    /** @param token the last characters only */
    public record GitHubView(String integration, String token, String repository, String apiUrl, String updatedBy,
            OffsetDateTime updatedAt) {
        static GitHubView of(IntegrationSetting s) {
            GitHubSettings c = IntegrationSettings.config(s, GitHubSettings.class);
            return new GitHubView("github", s.secretHint, c.repository(), c.apiUrl(), s.updatedBy, s.updatedAt);
        }
    }

    @GET
    public GitHubView get(@PathParam("projectId") UUID projectId) {
        return GitHubView.of(settings.get(callers.caller(), projectId, IntegrationKind.GITHUB));
    }

    @PUT
    public GitHubView put(@PathParam("projectId") UUID projectId, GitHubRequest body) {
        Caller caller = callers.caller();
        Project project = settings.manageable(caller, projectId, "configuring GitHub");
        if (body == null || body.repository() == null || !body.repository().strip().matches(REPOSITORY)) {
            throw ProblemException.badRequest("repository must be owner/name, e.g. acme/shop").with("field", "repository");
        }
        String apiUrl = body.apiUrl() == null || body.apiUrl().isBlank() ? GitHubSettings.DEFAULT_API_URL
                : http.checkUrl(body.apiUrl(), "apiUrl", GitHubSettings.apiHosts(config.integrations())).toString();
        GitHubSettings s = new GitHubSettings(body.repository().strip(), apiUrl);
        return GitHubView.of(settings.put(caller, project, IntegrationKind.GITHUB, s, body.token(), "token"));
    }

    @Override
    protected IntegrationKind kind() {
        return IntegrationKind.GITHUB;
    }
}
