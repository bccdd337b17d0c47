package dev.barrage.controlplane.integrations.github;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.integrations.SecretDestination;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's GitHub settings besides the token (the secret).
 *
 * @param repository owner/name; runs of other repositories are not reported there
 * @param apiUrl https://api.github.com, or a GitHub Enterprise Server's https://HOST/api/v3
 */
public record GitHubSettings(String repository, String apiUrl) implements SecretDestination {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final String DEFAULT_API_HOST = "api.github.com";

    /** api.github.com and the GitHub Enterprise Server hosts the operator named. */
    public static List<String> apiHosts(BarrageConfig.Integrations config) {
        List<String> hosts = new ArrayList<>(List.of(DEFAULT_API_HOST));
        hosts.addAll(config.githubEnterpriseHosts().orElse(List.of()));
        return hosts;
    }

    @Override
    public String destination() {
        String url = apiUrl == null ? DEFAULT_API_URL : apiUrl;
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/repos/" + repository;
    }

    @Override
    public String destinationFields() {
        return "repository or apiUrl";
    }
}
