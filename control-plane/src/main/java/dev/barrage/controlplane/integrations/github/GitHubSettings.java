package dev.barrage.controlplane.integrations.github;

/**
 * A project's GitHub settings besides the token (the secret).
 *
 * @param repository owner/name; runs of other repositories are not reported there
 * @param apiUrl https://api.github.com, or a GitHub Enterprise Server's https://HOST/api/v3
 */
public record GitHubSettings(String repository, String apiUrl) {
    public static final String DEFAULT_API_URL = "https://api.github.com";
}
