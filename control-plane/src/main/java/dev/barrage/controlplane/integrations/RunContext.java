package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.runner.report.RunReport;
import java.util.List;
import java.util.Locale;

/**
 * A run event with what the integrations show beside it: the project's name, the scenario, the run's planned
 * duration, its report once it has ended, and the link to its page.
 *
 * @param report the final report for run.finished/stopped/failed, when there is one; else null
 */
public record RunContext(RunEvent event, String projectName, String scenario, long durationSeconds, RunReport report,
        String link) {

    public enum Verdict {
        STARTED("Load test started", ":hourglass_flowing_sand:", "⏳"),
        PASSED("Load test passed", ":white_check_mark:", "✅"),
        THRESHOLDS_FAILED("Load test failed its thresholds", ":x:", "❌"),
        REGRESSED("Load test regressed against its baseline", ":chart_with_downwards_trend:", "📉"),
        FAILED("Load test could not run to its end", ":warning:", "⚠️"),
        STOPPED("Load test stopped", ":octagonal_sign:", "🛑");

        public final String headline;
        public final String slackEmoji;
        public final String emoji;

        Verdict(String headline, String slackEmoji, String emoji) {
            this.headline = headline;
            this.slackEmoji = slackEmoji;
            this.emoji = emoji;
        }
    }

    public Verdict verdict() {
        return switch (event.type()) {
            case "run.started" -> Verdict.STARTED;
            case "run.failed" -> Verdict.FAILED;
            default -> Boolean.FALSE.equals(event.thresholdsPassed()) ? Verdict.THRESHOLDS_FAILED
                    : event.type().equals("run.stopped") ? Verdict.STOPPED
                    : event.baseline() != null && !event.baseline().passed() ? Verdict.REGRESSED : Verdict.PASSED;
        };
    }

    /** The numbers that got worse than the baseline's, one line each: "GET /cart p95 41 ms → 97 ms (+137 %)". */
    public List<String> regressionLines() {
        var verdict = event.baseline();
        if (verdict == null) {
            return List.of();
        }
        return verdict.regressions().stream().map(r -> r.endpoint() + " " + metricLabel(r.metric()) + " "
                + metricValue(r.metric(), r.baseline()) + " → " + metricValue(r.metric(), r.value()) + " ("
                + (r.metric() == dev.barrage.controlplane.compare.Metric.FAIL_RATIO
                        ? String.format(java.util.Locale.ROOT, "%+.2f points", r.change() * 100)
                        : r.change() == null ? "from 0" : String.format(java.util.Locale.ROOT, "%+.0f %%", r.change() * 100))
                + ")").toList();
    }

    private static String metricLabel(dev.barrage.controlplane.compare.Metric m) {
        return switch (m) {
            case REQUESTS -> "requests";
            case RPS -> "requests/s";
            case FAIL_RATIO -> "failures";
            case MEDIAN -> "median";
            case P95 -> "p95";
            case P99 -> "p99";
            case AVG -> "average";
        };
    }

    private static String metricValue(dev.barrage.controlplane.compare.Metric m, double v) {
        return switch (m) {
            case REQUESTS -> count((long) v);
            case RPS -> rate(v);
            case FAIL_RATIO -> percent(v);
            default -> millis(v);
        };
    }

    public boolean ended() {
        return !event.type().equals("run.started");
    }

    public static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f/s", perSecond);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "acme/shop@abc1234 · PR #7 · main", or empty. */
    public String gitLine() {
        RunEvent.Git git = event.git();
        if (git == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        if (git.repository() != null) {
            s.append(git.repository());
        }
        if (git.commit() != null) {
            s.append('@').append(git.commit(), 0, Math.min(7, git.commit().length()));
        }
        if (git.pullRequest() != null) {
            s.append(s.isEmpty() ? "" : " · ").append("PR #").append(git.pullRequest());
        }
        if (git.branch() != null) {
            s.append(s.isEmpty() ? "" : " · ").append(git.branch());
        }
        return s.toString();
    }
}
