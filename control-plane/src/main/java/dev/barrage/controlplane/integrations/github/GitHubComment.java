package dev.barrage.controlplane.integrations.github;

import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The pull request comment: the verdict, the statistics table, the thresholds and a link. Two hidden markers find it
 * again: {@code <!-- barrage -->} says it is ours, the project marker which project's it is, so each project keeps
 * one comment per pull request, edited on every run.
 */
final class GitHubComment {
    static final String MARKER = "<!-- barrage -->";
    private static final int MAX_ROWS = 40;

    private GitHubComment() {}

    static String projectMarker(UUID projectId) {
        return "<!-- barrage:project:" + projectId + " -->";
    }

    static String of(RunContext run) {
        RunEvent e = run.event();
        RunContext.Verdict v = run.verdict();
        StringBuilder md = new StringBuilder();
        md.append(MARKER).append('\n').append(projectMarker(e.projectId())).append('\n');
        md.append("### ").append(v.emoji).append(' ').append(v.headline).append(" — ").append(cell(run.projectName()))
                .append("\n\n");
        md.append("**").append(cell(run.scenario())).append("** against `").append(code(e.targetHost())).append("` · ")
                .append(e.users()).append(" users · ").append(run.durationSeconds()).append(" s");
        if (e.git() != null && e.git().commit() != null) {
            md.append(" · commit ").append(e.git().commit(), 0, Math.min(7, e.git().commit().length()));
        }
        md.append("\n\n");
        if (e.reason() != null && (v == RunContext.Verdict.FAILED || v == RunContext.Verdict.STOPPED)) {
            md.append("> ").append(e.reason().replace("\n", " ")).append("\n\n");
        }
        RunReport report = run.report();
        if (report != null) {
            md.append("| Type | Name | Requests | Failures | Median | p95 | p99 | Average | Max | Requests/s |\n");
            md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            List<EndpointRow> rows = report.endpoints();
            rows.stream().limit(MAX_ROWS).forEach(r -> row(md, r, false));
            if (rows.size() > MAX_ROWS) {
                md.append("| | … ").append(rows.size() - MAX_ROWS).append(" more in the full report | | | | | | | | |\n");
            }
            row(md, report.aggregated(), true);
            md.append('\n');
        }
        if (e.thresholds() != null && !e.thresholds().isEmpty()) {
            md.append("| Threshold | Actual | Result |\n| --- | --- | --- |\n");
            for (ThresholdResult t : e.thresholds()) {
                md.append("| `").append(code(t.threshold())).append("` | ").append(cell(t.actualText())).append(" | ")
                        .append(t.passed() ? "✅ pass" : "❌ **fail**").append(" |\n");
            }
            md.append('\n');
        }
        if (e.baseline() != null) {
            var b = e.baseline();
            md.append("**Against the baseline run** `").append(b.baselineRunId()).append("`: ")
                    .append(b.passed() ? "✅ no regression" : "📉 " + b.regressions().size() + " number"
                            + (b.regressions().size() == 1 ? "" : "s") + " got worse").append("\n\n");
            run.regressionLines().stream().limit(MAX_ROWS).forEach(l -> md.append("- ").append(cell(l)).append('\n'));
            if (!b.added().isEmpty()) {
                md.append("- new: ").append(cell(String.join(", ", b.added()))).append('\n');
            }
            if (!b.missing().isEmpty()) {
                md.append("- not called this time: ").append(cell(String.join(", ", b.missing()))).append('\n');
            }
            md.append('\n');
        }
        md.append("[Open the full report](").append(run.link()).append(") · run `").append(e.runId()).append("` · updated ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(OffsetDateTime.now(ZoneOffset.UTC)))
                .append('\n');
        return md.toString();
    }

    private static void row(StringBuilder md, EndpointRow r, boolean aggregated) {
        md.append("| ").append(cell(r.type())).append(" | ")
                .append(aggregated ? "**Aggregated**" : cell(r.name())).append(" | ")
                .append(RunContext.count(r.requests())).append(" | ")
                .append(RunContext.count(r.failures())).append(" (").append(RunContext.percent(r.failRatio())).append(") | ")
                .append(RunContext.millis(r.percentile("50%"))).append(" | ")
                .append(RunContext.millis(r.percentile("95%"))).append(" | ")
                .append(RunContext.millis(r.percentile("99%"))).append(" | ")
                .append(RunContext.millis(r.avgMillis())).append(" | ")
                .append(RunContext.millis(r.maxMillis())).append(" | ")
                .append(RunContext.rate(r.rps())).append(" |\n");
    }

    /** Text in a table cell: pipes escaped, one line, no HTML. */
    static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }

    /** Text in a code span in a table cell: GitHub still splits cells on unescaped pipes there. */
    static String code(String s) {
        return s == null ? "" : s.replace("`", "'").replace("|", "\\|").replace("\n", " ");
    }
}
