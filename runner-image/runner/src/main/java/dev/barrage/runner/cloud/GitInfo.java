package dev.barrage.runner.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The git metadata a run carries, so the GitHub integration can post a commit status and a pull request comment:
 * from the options, else from a GitHub Actions job's environment. On a pull request the commit is the PR's head (from
 * the event file), not the merge commit that {@code GITHUB_SHA} names, because statuses on the merge commit do not
 * show on the pull request.
 */
public record GitInfo(String repository, String branch, String commit, Integer pullRequest) {
    private static final Pattern PULL_REF = Pattern.compile("^refs/pull/(\\d+)/(merge|head)$");

    public static GitInfo of(String repository, String branch, String commit, Integer pullRequest, Map<String, String> env) {
        GitInfo actions = fromGitHubActions(env);
        return new GitInfo(
                repository != null ? repository : actions.repository,
                branch != null ? branch : actions.branch,
                commit != null ? commit : actions.commit,
                pullRequest != null ? pullRequest : actions.pullRequest);
    }

    static GitInfo fromGitHubActions(Map<String, String> env) {
        if (!"true".equals(env.get("GITHUB_ACTIONS"))) {
            return new GitInfo(null, null, null, null);
        }
        String repository = env.get("GITHUB_REPOSITORY");
        String commit = env.get("GITHUB_SHA");
        String branch = blankToNull(env.get("GITHUB_HEAD_REF")) != null ? env.get("GITHUB_HEAD_REF") : env.get("GITHUB_REF_NAME");
        Integer pullRequest = null;
        Matcher m = PULL_REF.matcher(env.getOrDefault("GITHUB_REF", ""));
        if (m.matches()) {
            pullRequest = Integer.parseInt(m.group(1));
        }
        String eventPath = env.get("GITHUB_EVENT_PATH");
        if (eventPath != null && Files.isReadable(Path.of(eventPath))) {
            try {
                JsonNode pr = CloudApi.JSON.readTree(Files.readString(Path.of(eventPath))).path("pull_request");
                if (pr.has("number")) {
                    pullRequest = pr.get("number").asInt();
                    commit = pr.path("head").path("sha").asText(commit);
                }
            } catch (IOException ignored) {
                // the environment's values stand
            }
        }
        return new GitInfo(blankToNull(repository), blankToNull(branch), blankToNull(commit), pullRequest);
    }

    /** The run request's {@code git} object, or null when there is nothing to say. */
    public Map<String, Object> json() {
        if (repository == null && commit == null && branch == null && pullRequest == null) {
            return null;
        }
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("repository", repository);
        git.put("branch", branch);
        git.put("commit", commit);
        git.put("pullRequest", pullRequest);
        return git;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
