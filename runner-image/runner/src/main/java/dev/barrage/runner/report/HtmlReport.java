package dev.barrage.runner.report;

import dev.barrage.protocol.Phase;
import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.protocol.stats.Percentiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML report: tables and charts (inline SVG) with no script and nothing fetched, so it opens
 * offline and can be attached to a ticket.
 */
public final class HtmlReport {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    public static void write(RunReport report, Path file) throws IOException {
        AtomicFiles.write(file, render(report));
    }

    public static String render(RunReport r) {
        StringBuilder h = new StringBuilder(32_768);
        RunReport.RunInfo run = r.run();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Barrage report: ").append(esc(run.scenario())).append("</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1f24}")
                .append("h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}")
                .append("table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #d0d7de}")
                .append("th{text-align:left;background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append("tr.total td{font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}")
                .append("figure{margin:0}figcaption{font-weight:600;margin-bottom:.25rem}")
                .append("svg text{font:11px system-ui,sans-serif;fill:#57606a}pre{white-space:pre-wrap;font-size:12px}")
                .append(".legend span{margin-right:1rem}.sw{display:inline-block;width:10px;height:10px;margin-right:4px}")
                .append("</style></head><body>\n");
        h.append("<h1>Barrage report: ").append(esc(run.scenario())).append("</h1>\n<p>Target <b>")
                .append(esc(run.host())).append("</b>, ")
                .append(run.targetUsers()).append(" users at ").append(fmt(run.spawnRate())).append(" users/s, from ")
                .append(TIME.format(Instant.ofEpochMilli(run.startEpochMillis()))).append(" to ")
                .append(TIME.format(Instant.ofEpochMilli(run.endEpochMillis()))).append(" (")
                .append(fmt((run.endEpochMillis() - run.startEpochMillis()) / 1000.0)).append(" s).</p>\n");

        h.append("<h2>Request statistics</h2>\n<table><thead><tr><th>Type</th><th>Name</th><th># Requests</th>")
                .append("<th># Fails</th><th>Average (ms)</th><th>Min (ms)</th><th>Max (ms)</th>")
                .append("<th>Average size (bytes)</th><th>RPS</th><th>Failures/s</th></tr></thead><tbody>\n");
        for (EndpointRow row : r.endpoints()) {
            statsRow(h, row, "");
        }
        statsRow(h, r.aggregated(), " class=\"total\"");
        h.append("</tbody></table>\n");

        h.append("<h2>Response time percentiles (ms)</h2>\n<table><thead><tr><th>Type</th><th>Name</th>");
        for (String label : Percentiles.LABELS) {
            h.append("<th>").append(label).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (EndpointRow row : r.endpoints()) {
            percentileRow(h, row, "");
        }
        percentileRow(h, r.aggregated(), " class=\"total\"");
        h.append("</tbody></table>\n");

        if (r.aggregated().timings() != null) {
            phaseTable(h, r);
        }

        List<HistoryRow> series = r.aggregatedHistory();
        h.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        h.append(chart("Total requests per second", series, List.of(
                new Line("RPS", "#2da44e", HistoryRow::currentRps),
                new Line("Failures/s", "#cf222e", HistoryRow::currentFailuresPerSecond))));
        h.append(chart("Response times (ms)", series, List.of(
                new Line("p50", "#0969da", measured(HistoryRow::intervalP50Millis)),
                new Line("p95", "#bf8700", measured(HistoryRow::intervalP95Millis)),
                new Line("p99", "#8250df", measured(HistoryRow::intervalP99Millis)))));
        h.append(chart("Number of users", series, List.of(new Line("Users", "#57606a", HistoryRow::users))));
        h.append("</div>\n");

        h.append("<h2>Findings</h2>\n");
        if (r.findings() == null || r.findings().isEmpty()) {
            h.append("<p>No knee, failure jump or response-time trend found in the time series.</p>\n");
        } else {
            h.append("<table class=\"findings\"><thead><tr><th>Finding</th><th>At (s)</th><th>Users</th><th>RPS</th>")
                    .append("<th>What</th></tr></thead><tbody>\n");
            for (var f : r.findings()) {
                h.append("<tr><td>").append(esc(findingTitle(f.kind()))).append("</td><td>").append(fmt(f.atSecond()))
                        .append("</td><td>").append(f.users()).append("</td><td>").append(fmt(f.rps()))
                        .append("</td><td>").append(esc(f.summary())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        if (r.iterations() != null) {
            h.append("<h2>Iterations (open model)</h2>\n<p>").append(r.iterations().started())
                    .append(" started, <b>").append(r.iterations().dropped()).append("</b> dropped.</p>\n");
            var it = r.iterations();
            if (it.shortfall()) {
                h.append(String.format(java.util.Locale.ROOT, "<p class=\"shortfall\"><b>Could not keep up:</b> target "
                        + "%.2f iterations/s, achieved %.2f/s (%.1f%%), %d dropped%s.</p>%n", it.targetRate(),
                        it.achievedRate(), it.achievedRatio() * 100, it.dropped(),
                        it.droppedFromSecond() == null ? "" : String.format(java.util.Locale.ROOT,
                                " from %.0f s to %.0f s into the run", it.droppedFromSecond(), it.droppedUntilSecond())));
            }
        }
        if (!r.thresholds().isEmpty()) {
            h.append("<h2>Thresholds</h2>\n<table><thead><tr><th>Threshold</th><th>Actual</th><th>Result</th></tr>")
                    .append("</thead><tbody>\n");
            for (var t : r.thresholds()) {
                h.append("<tr><td>").append(esc(t.threshold())).append("</td><td>").append(esc(t.actualText()))
                        .append("</td><td>").append(t.passed() ? "pass" : "<b>FAIL</b>").append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("<h2>Failures</h2>\n");
        if (r.failures().isEmpty()) {
            h.append("<p>No failures.</p>\n");
        } else {
            h.append("<table><thead><tr><th># Occurrences</th><th>Type</th><th>Name</th><th>Error</th></tr></thead><tbody>\n");
            for (RunReport.Failure f : r.failures()) {
                h.append("<tr><td class=\"n\">").append(f.occurrences()).append("</td><td>").append(esc(f.type()))
                        .append("</td><td>").append(esc(f.name())).append("</td><td>").append(esc(f.error()))
                        .append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("<h2>Exceptions</h2>\n");
        if (r.exceptions().isEmpty()) {
            h.append("<p>No exceptions in scenario code.</p>\n");
        } else {
            h.append("<table><thead><tr><th># Occurrences</th><th>Message</th><th>Traceback</th></tr></thead><tbody>\n");
            for (RunReport.ExceptionRow e : r.exceptions()) {
                h.append("<tr><td class=\"n\">").append(e.count()).append("</td><td>").append(esc(e.message()))
                        .append("</td><td><pre>").append(esc(e.traceback())).append("</pre></td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("<p><small>Generated by Barrage. Percentiles come from merged HdrHistograms (3 significant digits).")
                .append("</small></p>\n</body></html>\n");
        return h.toString();
    }

    private static void statsRow(StringBuilder h, EndpointRow row, String cls) {
        h.append("<tr").append(cls).append("><td>").append(esc(row.type())).append("</td><td>").append(esc(row.name()))
                .append("</td>");
        cell(h, String.valueOf(row.requests()));
        cell(h, String.valueOf(row.failures()));
        cell(h, Numbers.millis(row.avgMillis()));
        cell(h, Numbers.millis(row.minMillis()));
        cell(h, Numbers.millis(row.maxMillis()));
        cell(h, fmt(row.avgContentSize()));
        cell(h, fmt(row.rps()));
        cell(h, fmt(row.failuresPerSecond()));
        h.append("</tr>\n");
    }

    private static void percentileRow(StringBuilder h, EndpointRow row, String cls) {
        h.append("<tr").append(cls).append("><td>").append(esc(row.type())).append("</td><td>").append(esc(row.name()))
                .append("</td>");
        for (String label : Percentiles.LABELS) {
            cell(h, Numbers.millis(row.percentile(label)));
        }
        h.append("</tr>\n");
    }

    /** Each endpoint's HTTP request phases, median and 95th percentile, and its new and reused connections. */
    private static void phaseTable(StringBuilder h, RunReport r) {
        h.append("<h2>Request phases (ms): median / 95%</h2>\n<table class=\"phases\"><thead><tr><th>Type</th>")
                .append("<th>Name</th><th>New connections</th><th>Reused</th>");
        for (Phase p : Phase.all()) {
            h.append("<th>").append(phaseTitle(p)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (EndpointRow row : r.endpoints()) {
            if (row.timings() != null) {
                phaseRow(h, row, "");
            }
        }
        phaseRow(h, r.aggregated(), " class=\"total\"");
        h.append("</tbody></table>\n<p><small>Resolve, connect and TLS are 0 on a kept-alive connection; a followed ")
                .append("redirect sums its hops.</small></p>\n");
    }

    private static void phaseRow(StringBuilder h, EndpointRow row, String cls) {
        PhaseSummary t = row.timings();
        h.append("<tr").append(cls).append("><td>").append(esc(row.type())).append("</td><td>").append(esc(row.name()))
                .append("</td>");
        cell(h, String.valueOf(t.newConnections()));
        cell(h, String.valueOf(t.reusedConnections()));
        for (Phase p : Phase.all()) {
            cell(h, Numbers.millis(t.phase(p).medianMillis()) + " / " + Numbers.millis(t.phase(p).p95Millis()));
        }
        h.append("</tr>\n");
    }

    static String phaseTitle(Phase phase) {
        return switch (phase) {
            case RESOLVE -> "Resolve";
            case CONNECT -> "Connect";
            case TLS -> "TLS";
            case SEND -> "Send";
            case TTFB -> "TTFB";
            case RECEIVE -> "Receive";
        };
    }

    private static void cell(StringBuilder h, String value) {
        h.append("<td class=\"n\">").append(value).append("</td>");
    }

    /** A value that is NaN, so not drawn, where nothing was measured (no response in the interval is not 0 ms). */
    private record Line(String label, String color, ToDoubleFunction<HistoryRow> value) {}

    private static ToDoubleFunction<HistoryRow> measured(ToDoubleFunction<HistoryRow> percentile) {
        return row -> row.intervalRequests() == 0 ? Double.NaN : percentile.applyAsDouble(row);
    }

    /** A tick every 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min or hours: at most six along the run. */
    static long tickSeconds(double runSeconds) {
        long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400};
        for (long step : steps) {
            if (runSeconds / step <= 6) {
                return step;
            }
        }
        return steps[steps.length - 1];
    }

    static String tickLabel(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String chart(String title, List<HistoryRow> series, List<Line> lines) {
        int w = 560, hgt = 220, left = 52, right = 12, top = 10, bottom = 28;
        StringBuilder s = new StringBuilder();
        s.append("<figure><figcaption>").append(esc(title)).append("</figcaption><div class=\"legend\">");
        for (Line l : lines) {
            s.append("<span><i class=\"sw\" style=\"background:").append(l.color()).append("\"></i>")
                    .append(esc(l.label())).append("</span>");
        }
        s.append("</div><svg width=\"").append(w).append("\" height=\"").append(hgt).append("\" viewBox=\"0 0 ")
                .append(w).append(' ').append(hgt).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        double max = 0;
        for (HistoryRow row : series) {
            for (Line l : lines) {
                double v = l.value().applyAsDouble(row);
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = niceCeiling(max);
        long t0 = series.isEmpty() ? 0 : series.getFirst().epochMillis();
        long t1 = series.isEmpty() ? 1 : Math.max(t0 + 1, series.getLast().epochMillis());
        int plotW = w - left - right, plotH = hgt - top - bottom;
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eaeef2\"/>",
                    left, w - right, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    left - 4, y + 4, fmt(max * i / 4)));
        }
        double runSeconds = (t1 - t0) / 1000.0;
        long step = tickSeconds(runSeconds);
        for (long t = 0; t <= runSeconds; t += step) {
            double x = left + plotW * (t * 1000.0) / (t1 - t0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#d0d7de\"/>",
                    x, x, top + plotH, top + plotH + 4));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>", x, hgt - 8,
                    t == 0 ? "start" : "middle", tickLabel(t)));
        }
        for (Line l : lines) {
            List<StringBuilder> segments = new java.util.ArrayList<>();
            StringBuilder points = null;
            for (HistoryRow row : series) {
                double v = l.value().applyAsDouble(row);
                if (Double.isNaN(v)) {
                    points = null;
                    continue;
                }
                if (points == null) {
                    points = new StringBuilder();
                    segments.add(points);
                }
                double x = left + plotW * (double) (row.epochMillis() - t0) / (t1 - t0);
                double y = top + plotH - (max == 0 ? 0 : plotH * v / max);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            for (StringBuilder segment : segments) {
                s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(l.color())
                        .append("\" points=\"").append(segment.toString().trim()).append("\"/>");
            }
        }
        s.append("</svg></figure>\n");
        return s.toString();
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    static String findingTitle(String kind) {
        return switch (kind) {
            case dev.barrage.protocol.stats.Findings.KNEE -> "Throughput knee";
            case dev.barrage.protocol.stats.Findings.FAILURE_JUMP -> "Failure-rate jump";
            case dev.barrage.protocol.stats.Findings.RESPONSE_TIME_TREND -> "Response-time trend";
            default -> kind;
        };
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
