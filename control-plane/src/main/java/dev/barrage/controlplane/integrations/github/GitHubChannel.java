package dev.barrage.controlplane.integrations.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.Attempt;
import dev.barrage.controlplane.integrations.Channel;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.integrations.OutboundHttp;
import dev.barrage.controlplane.integrations.RetryPolicy;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.runner.thresholds.ThresholdResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub, for runs that carry git metadata: a commit status (REST "Create a commit status": pending when the run
 * starts, success or failure by its thresholds when it ends, error when it could not run) and one pull request
 * comment with the results, found again by its hidden markers and edited on every later run instead of adding
 * another.
 */
@ApplicationScoped
public class GitHubChannel implements Channel {
    static final String STATUS = "commit-status";
    static final String COMMENT = "pr-comment";
    private static final int MAX_COMMENT_PAGES = 30;

    @Inject
    OutboundHttp http;

    @Inject
    BarrageConfig config;

    @Override
    public IntegrationKind kind() {
        return IntegrationKind.GITHUB;
    }

    @Override
    public List<Planned> plan(RunContext run, IntegrationSetting setting) {
        GitHubSettings s = IntegrationSettings.config(setting, GitHubSettings.class);
        RunEvent.Git git = run.event().git();
        if (git == null || (git.commit() == null && git.pullRequest() == null)) {
            return List.of();
        }
        if (git.repository() != null && !git.repository().equalsIgnoreCase(s.repository())) {
            return List.of(Planned.skip(STATUS, "the run's repository " + git.repository()
                    + " is not the one this project's GitHub integration posts to (" + s.repository() + ")"));
        }
        List<Planned> planned = new ArrayList<>();
        String repo = s.repository().toLowerCase(Locale.ROOT);
        if (git.commit() != null) {
            String context = "barrage/" + run.projectName();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("state", state(run));
            body.put("target_url", run.link());
            body.put("description", cut(description(run), 140));
            body.put("context", context);
            planned.add(Planned.send(STATUS, "github:status:" + repo + "@" + git.commit() + ":" + context,
                    Map.of("sha", git.commit(), "status", body)));
        }
        if (run.ended() && git.pullRequest() != null) {
            planned.add(Planned.send(COMMENT, "github:comment:" + repo + "#" + git.pullRequest() + ":" + run.event().projectId(),
                    Map.of("pullRequest", git.pullRequest(), "marker", GitHubComment.projectMarker(run.event().projectId()),
                            "body", GitHubComment.of(run))));
        }
        return planned;
    }

    static String state(RunContext run) {
        return switch (run.verdict()) {
            case STARTED -> "pending";
            case PASSED -> "success";
            case THRESHOLDS_FAILED, REGRESSED -> "failure";
            case FAILED, STOPPED -> "error";
        };
    }

    static String description(RunContext run) {
        RunEvent e = run.event();
        RunEvent.Summary s = e.summary();
        String numbers = s == null ? "" : RunContext.count(s.requests()) + " requests, p95 "
                + RunContext.millis(s.p95Millis()) + ", " + RunContext.percent(s.failRatio()) + " failed";
        return switch (run.verdict()) {
            case STARTED -> "Running: " + e.users() + " users for " + run.durationSeconds() + " s";
            case PASSED -> "Passed: " + numbers;
            case THRESHOLDS_FAILED -> {
                List<ThresholdResult> failed = e.thresholds().stream().filter(t -> !t.passed()).toList();
                yield failed.size() + " of " + e.thresholds().size() + " thresholds failed: " + failed.stream()
                        .map(t -> t.threshold() + " (" + t.actualText() + ")").reduce((a, b) -> a + ", " + b).orElse("");
            }
            case REGRESSED -> "Worse than the baseline: " + String.join(", ", run.regressionLines());
            case FAILED -> "Could not run: " + (e.reason() == null ? "see the run" : e.reason());
            case STOPPED -> "Stopped before its end" + (numbers.isEmpty() ? "" : ": " + numbers);
        };
    }

    @Override
    public Attempt deliver(String action, JsonNode payload, IntegrationSetting setting, String token) {
        GitHubSettings s = IntegrationSettings.config(setting, GitHubSettings.class);
        Api api = new Api(s, token);
        try {
            return switch (action) {
                case STATUS -> api.classify(api.call("POST", "/repos/" + s.repository() + "/statuses/"
                        + payload.get("sha").asText(), payload.get("status").toString()), "POST statuses/"
                        + payload.get("sha").asText());
                case COMMENT -> upsertComment(api, s, payload);
                default -> Attempt.failed(null, "unknown GitHub action " + action);
            };
        } catch (IOException e) {
            return OutboundHttp.unanswered(e, "GitHub " + action);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.retry(null, "GitHub " + action + ": interrupted", null);
        }
    }

    /** Edits our comment on the pull request when there is one, else adds it. */
    private Attempt upsertComment(Api api, GitHubSettings s, JsonNode payload) throws IOException, InterruptedException {
        int pr = payload.get("pullRequest").asInt();
        String marker = payload.get("marker").asText();
        String body = IntegrationSettings.toJson(Map.of("body", payload.get("body").asText()));
        String issue = "/repos/" + s.repository() + "/issues/" + pr;
        for (int page = 1; page <= MAX_COMMENT_PAGES; page++) {
            OutboundHttp.Response list = api.call("GET", issue + "/comments?per_page=100&page=" + page, null);
            if (!list.ok()) {
                return api.classify(list, "GET issues/" + pr + "/comments");
            }
            JsonNode comments = IntegrationSettings.JSON.readTree(list.body());
            for (JsonNode c : comments) {
                if (c.path("body").asText().contains(GitHubComment.MARKER) && c.path("body").asText().contains(marker)) {
                    long id = c.get("id").asLong();
                    return api.classify(api.call("PATCH", "/repos/" + s.repository() + "/issues/comments/" + id, body),
                            "PATCH issues/comments/" + id);
                }
            }
            if (comments.size() < 100) {
                break;
            }
        }
        return api.classify(api.call("POST", issue + "/comments", body), "POST issues/" + pr + "/comments");
    }

    @Override
    public Attempt test(IntegrationSetting setting, String token, String projectName) {
        GitHubSettings s = IntegrationSettings.config(setting, GitHubSettings.class);
        Api api = new Api(s, token);
        try {
            OutboundHttp.Response r = api.call("GET", "/repos/" + s.repository(), null);
            if (!r.ok()) {
                return OutboundHttp.tested(r, "GitHub GET repos/" + s.repository());
            }
            JsonNode repo = IntegrationSettings.JSON.readTree(r.body());
            JsonNode push = repo.path("permissions").path("push");
            if (push.isBoolean() && !push.asBoolean()) {
                return Attempt.failed(r.status(), "the token can read " + s.repository() + " but not write to it: "
                        + "commit statuses and pull request comments need write access");
            }
            return Attempt.delivered(r.status(), "the token reaches " + s.repository());
        } catch (IOException e) {
            return OutboundHttp.unanswered(e, "GitHub");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.retry(null, "GitHub: interrupted", null);
        }
    }

    /** GitHub's REST API with the project's token. */
    private final class Api {
        private final String base;
        private final String token;

        Api(GitHubSettings s, String token) {
            String url = s.apiUrl() == null ? GitHubSettings.DEFAULT_API_URL : s.apiUrl();
            this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            this.token = token;
        }

        OutboundHttp.Response call(String method, String path, String json) throws IOException, InterruptedException {
            URI uri = URI.create(base + path);
            http.requireHost(uri, GitHubSettings.apiHosts(config.integrations()));
            return http.send(method, uri, Map.of(
                    "Authorization", "Bearer " + token,
                    "Accept", "application/vnd.github+json",
                    "X-GitHub-Api-Version", "2022-11-28"), json);
        }

        /**
         * GitHub's rate limits answer 403 or 429: with Retry-After for the secondary limits, or with
         * x-ratelimit-remaining 0 and x-ratelimit-reset (epoch seconds) for the primary one. Both are worth waiting for.
         */
        Attempt classify(OutboundHttp.Response r, String what) {
            if ((r.status() == 403 || r.status() == 429) && ("0".equals(r.header("x-ratelimit-remaining"))
                    || r.header("Retry-After") != null)) {
                Duration wait = RetryPolicy.retryAfter(r.header("Retry-After"), Clock.systemUTC());
                if (wait == null && r.header("x-ratelimit-reset") != null) {
                    try {
                        wait = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(r.header("x-ratelimit-reset"))));
                    } catch (NumberFormatException ignored) {
                        // no usable reset time: the backoff decides
                    }
                }
                return Attempt.retry(r.status(), "GitHub " + what + " answered " + r.status() + ": rate limited", wait);
            }
            return OutboundHttp.classify(r, "GitHub " + what);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
