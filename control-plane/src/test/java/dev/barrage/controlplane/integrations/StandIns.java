package dev.barrage.controlplane.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stand-ins for the three services, answering as their documentation says. */
public final class StandIns {
    public static final String SLACK_WEBHOOK_PATH = "/services/T0BARRAGE/B0BARRAGE/XXXXXXXXXXXXXXXXXXXXabcd";

    private StandIns() {}

    /** An incoming webhook: 200 "ok" (https://api.slack.com/messaging/webhooks#handling_errors). */
    public static StandIn slack() {
        return StandIn.start("Slack", List.of("slack/incoming-webhook"),
                r -> new StandIn.Answer(200, Map.of("Content-Type", "text/html"), "ok"));
    }

    /** The v2 series, v1 events and key validation endpoints; a wrong key answers 403. */
    public static StandIn datadog(String apiKey) {
        return StandIn.start("Datadog", List.of("datadog/submit-metrics-v2", "datadog/post-event-v1",
                "datadog/validate-api-key"), r -> {
                    if (!apiKey.equals(r.headers().get("dd-api-key"))) {
                        return StandIn.Answer.json(403, Map.of("errors", List.of("Forbidden")));
                    }
                    return switch (r.path()) {
                        case "/api/v2/series" -> StandIn.Answer.json(202, Map.of("errors", List.of()));
                        case "/api/v1/events" -> StandIn.Answer.json(202, Map.of("status", "ok",
                                "event", Map.of("id", 1, "title", r.json().path("title").asText())));
                        case "/api/v1/validate" -> StandIn.Answer.json(200, Map.of("valid", true));
                        default -> StandIn.Answer.json(404, Map.of("errors", List.of("Not found")));
                    };
                });
    }

    /** GitHub's REST API with comments kept, so a comment can be found and edited; a wrong token answers 401. */
    public static final class GitHub {
        private static final Pattern STATUS = Pattern.compile("^/repos/([^/]+/[^/]+)/statuses/(\\w+)$");
        private static final Pattern COMMENTS = Pattern.compile("^/repos/([^/]+/[^/]+)/issues/(\\d+)/comments$");
        private static final Pattern COMMENT = Pattern.compile("^/repos/([^/]+/[^/]+)/issues/comments/(\\d+)$");
        private static final Pattern REPO = Pattern.compile("^/repos/([^/]+/[^/]+)$");

        /** A comment as the fake keeps it. */
        public record Comment(long id, String issue, String body) {}

        public final StandIn server;
        private final String token;
        private final AtomicLong ids = new AtomicLong(1000);
        public final Map<Long, Comment> comments = new ConcurrentHashMap<>();
        /** Every status posted, as JSON, in order. */
        public final List<JsonNode> statuses = new CopyOnWriteArrayList<>();

        public GitHub(String token) {
            this.token = token;
            this.server = StandIn.start("GitHub", List.of("github/create-commit-status", "github/list-issue-comments",
                    "github/create-issue-comment", "github/update-issue-comment", "github/get-repository"), this::answer);
        }

        private synchronized StandIn.Answer answer(StandIn.Recorded r) {
            if (!("Bearer " + token).equals(r.headers().get("authorization"))) {
                return StandIn.Answer.json(401, Map.of("message", "Bad credentials",
                        "documentation_url", "https://docs.github.com/rest"));
            }
            Matcher m;
            if (r.method().equals("POST") && (m = STATUS.matcher(r.path())).matches()) {
                statuses.add(r.json());
                return StandIn.Answer.json(201, Map.of("id", ids.incrementAndGet(), "state", r.json().path("state").asText(),
                        "context", r.json().path("context").asText("default")));
            }
            if (r.method().equals("GET") && (m = COMMENTS.matcher(r.path())).matches()) {
                String issue = m.group(1) + "#" + m.group(2);
                int perPage = Integer.parseInt(r.query().getOrDefault("per_page", "30"));
                int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
                List<Map<String, Object>> all = new ArrayList<>();
                comments.values().stream().filter(c -> c.issue().equals(issue)).sorted((a, b) -> Long.compare(a.id(), b.id()))
                        .forEach(c -> all.add(Map.of("id", c.id(), "body", c.body(), "user", Map.of("login", "barrage-bot"))));
                int from = Math.min(all.size(), (page - 1) * perPage);
                return StandIn.Answer.json(200, all.subList(from, Math.min(all.size(), from + perPage)));
            }
            if (r.method().equals("POST") && (m = COMMENTS.matcher(r.path())).matches()) {
                Comment c = new Comment(ids.incrementAndGet(), m.group(1) + "#" + m.group(2), r.json().path("body").asText());
                comments.put(c.id(), c);
                return StandIn.Answer.json(201, Map.of("id", c.id(), "body", c.body()));
            }
            if (r.method().equals("PATCH") && (m = COMMENT.matcher(r.path())).matches()) {
                Comment old = comments.get(Long.parseLong(m.group(2)));
                if (old == null) {
                    return StandIn.Answer.json(404, Map.of("message", "Not Found"));
                }
                comments.put(old.id(), new Comment(old.id(), old.issue(), r.json().path("body").asText()));
                return StandIn.Answer.json(200, Map.of("id", old.id(), "body", r.json().path("body").asText()));
            }
            if (r.method().equals("GET") && (m = REPO.matcher(r.path())).matches()) {
                return StandIn.Answer.json(200, Map.of("full_name", m.group(1),
                        "permissions", Map.of("admin", false, "push", true, "pull", true)));
            }
            return StandIn.Answer.json(404, Map.of("message", "Not Found"));
        }

        /** Adds someone else's comment, as people do on pull requests. */
        public void addComment(String repository, int pullRequest, String body) {
            Comment c = new Comment(ids.incrementAndGet(), repository + "#" + pullRequest, body);
            comments.put(c.id(), c);
        }
    }
}
