package dev.barrage.runner.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitInfoTest {
    @TempDir
    Path dir;

    @Test
    void onAPullRequestTheHeadCommitNotTheMergeCommit() throws Exception {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{\"pull_request\": {\"number\": 42, \"head\": {\"sha\": \"headsha\"}}}");
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/shop",
                "GITHUB_SHA", "mergesha", "GITHUB_REF", "refs/pull/42/merge", "GITHUB_HEAD_REF", "feature/cart",
                "GITHUB_REF_NAME", "42/merge", "GITHUB_EVENT_PATH", event.toString());
        assertThat(GitInfo.of(null, null, null, null, env)).isEqualTo(new GitInfo("acme/shop", "feature/cart", "headsha", 42));
        assertThat(GitInfo.of("me/fork", null, "abc", 7, env)).isEqualTo(new GitInfo("me/fork", "feature/cart", "abc", 7));
    }

    @Test
    void onAPushTheBranchAndCommit() {
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/shop",
                "GITHUB_SHA", "pushsha", "GITHUB_REF", "refs/heads/main", "GITHUB_HEAD_REF", "", "GITHUB_REF_NAME", "main");
        assertThat(GitInfo.of(null, null, null, null, env)).isEqualTo(new GitInfo("acme/shop", "main", "pushsha", null));
    }

    @Test
    void outsideGitHubActionsOnlyWhatWasGiven() {
        assertThat(GitInfo.of(null, null, null, null, Map.of("GITHUB_SHA", "x")).json()).isNull();
        assertThat(GitInfo.of("a/b", "main", "c", null, Map.of()).json())
                .containsEntry("repository", "a/b").containsEntry("commit", "c").containsEntry("pullRequest", null);
    }
}
