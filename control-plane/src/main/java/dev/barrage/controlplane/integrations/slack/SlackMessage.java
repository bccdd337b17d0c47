package dev.barrage.controlplane.integrations.slack;

import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Block Kit message about a run (https://api.slack.com/reference/block-kit/blocks): a header with the verdict, the
 * scenario and target, the key numbers as fields, the thresholds, and a button to the run. {@code text} is the
 * notification's fallback.
 */
final class SlackMessage {
    private SlackMessage() {}

    static Map<String, Object> of(RunContext run) {
        RunEvent e = run.event();
        RunContext.Verdict verdict = run.verdict();
        String title = verdict.slackEmoji + " " + verdict.headline + ": " + run.projectName();
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", plain(cut(title, 150))));
        blocks.add(section(cut("*" + esc(run.scenario()) + "* against `" + esc(e.targetHost()) + "` · "
                + e.users() + " users · " + run.durationSeconds() + " s", 3000)));
        if (e.reason() != null && (verdict == RunContext.Verdict.FAILED || verdict == RunContext.Verdict.STOPPED)) {
            blocks.add(section(cut("*Reason:* " + esc(e.reason()), 3000)));
        }
        RunEvent.Summary s = e.summary();
        if (s != null && run.ended()) {
            blocks.add(Map.of("type", "section", "fields", List.of(
                    field("Requests", RunContext.count(s.requests())),
                    field("Failures", RunContext.count(s.failures()) + " (" + RunContext.percent(s.failRatio()) + ")"),
                    field("Requests/s", RunContext.rate(s.rps())),
                    field("Median", RunContext.millis(s.p50Millis())),
                    field("p95", RunContext.millis(s.p95Millis())),
                    field("p99", RunContext.millis(s.p99Millis())),
                    field("Average", RunContext.millis(s.avgMillis())),
                    field("Max", RunContext.millis(s.maxMillis())))));
        }
        if (e.thresholds() != null && !e.thresholds().isEmpty()) {
            StringBuilder t = new StringBuilder("*Thresholds*");
            for (ThresholdResult r : e.thresholds()) {
                t.append('\n').append(r.passed() ? ":white_check_mark: " : ":x: ").append('`')
                        .append(esc(r.threshold())).append("` — ").append(esc(r.actualText()));
            }
            blocks.add(section(cut(t.toString(), 3000)));
        }
        if (e.baseline() != null) {
            StringBuilder b = new StringBuilder("*Against the baseline run* `" + e.baseline().baselineRunId() + "`: "
                    + (e.baseline().passed() ? "no regression" : e.baseline().regressions().size() + " worse"));
            run.regressionLines().forEach(l -> b.append("\n:chart_with_downwards_trend: ").append(esc(l)));
            blocks.add(section(cut(b.toString(), 3000)));
        }
        StringBuilder context = new StringBuilder("Run `" + e.runId() + "`");
        if (!run.gitLine().isEmpty()) {
            context.append(" · ").append(esc(run.gitLine()));
        }
        if (e.tags() != null && !e.tags().isEmpty()) {
            context.append(" · tags: ").append(esc(String.join(", ", e.tags())));
        }
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", cut(context.toString(), 3000)))));
        blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button", "action_id", "open_run",
                "text", plain("Open the run"), "url", run.link()))));

        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", fallback(run));
        message.put("blocks", blocks);
        return message;
    }

    /** The plain text Slack shows in notifications and where blocks cannot be shown. */
    static String fallback(RunContext run) {
        RunEvent.Summary s = run.event().summary();
        String numbers = s == null || !run.ended() ? "" : ": " + RunContext.count(s.requests()) + " requests, "
                + RunContext.percent(s.failRatio()) + " failed, p95 " + RunContext.millis(s.p95Millis());
        return run.verdict().headline + " — " + run.projectName() + " (" + run.scenario() + ")" + numbers;
    }

    /** A message that only says the settings work. */
    static Map<String, Object> test(String projectName) {
        String text = "Barrage is connected: results of project " + projectName + " will be posted here.";
        return Map.of("text", text, "blocks", List.of(section(":wave: " + esc(text))));
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }

    private static Map<String, Object> field(String name, String value) {
        return Map.of("type", "mrkdwn", "text", "*" + name + "*\n" + esc(value));
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text, "emoji", true);
    }

    /** Slack's mrkdwn takes &, < and > as control characters. */
    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
