package dev.barrage.runner.webui;

import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.protocol.stats.Percentiles;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /stats/requests} in Locust's JSON shape, so that scripts and exporters written against Locust's web UI
 * read it unchanged: the rows of 2.x ({@code num_requests}, {@code current_rps}, {@code response_time_percentile_0.95}
 * ...) with the aggregated row last (its {@code method} null, its name "Aggregated"), {@code errors}, the totals, the
 * current percentiles both as 2.x's {@code current_response_time_percentiles} and as 1.x's
 * {@code current_response_time_percentile_1}/{@code _2}, {@code state} and {@code user_count}. Times are milliseconds.
 */
final class LocustStatsJson {
    private LocustStatsJson() {}

    /** @param shown the statistics to show; null (before a run, after a reset) shows Locust's empty table */
    static Map<String, Object> of(RunReport shown, String state, int userCount) {
        long now = System.currentTimeMillis();
        RunReport report = shown != null ? shown : RunReport.from(new RunStatistics(now, false),
                new RunReport.RunInfo("", "", 0, 0, now, now, 0));
        Map<String, Object> json = new LinkedHashMap<>();
        List<Map<String, Object>> stats = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        double p50 = 0;
        double p95 = 0;
        report.endpoints().forEach(row -> stats.add(row(row, row.type())));
        stats.add(row(report.aggregated(), null));
        for (RunReport.Failure f : report.failures()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("method", f.type());
            e.put("name", f.name());
            e.put("error", f.error());
            e.put("occurrences", f.occurrences());
            errors.add(e);
        }
        List<HistoryRow> history = report.aggregatedHistory();
        if (!history.isEmpty()) {
            double[] window = history.getLast().windowPercentilesMillis();
            p50 = window[Percentiles.LABELS.indexOf("50%")];
            p95 = window[Percentiles.LABELS.indexOf("95%")];
        }
        json.put("stats", stats);
        json.put("errors", errors);
        EndpointRow total = report.aggregated();
        json.put("total_rps", total.currentRps());
        json.put("total_fail_per_sec", total.currentFailuresPerSecond());
        json.put("fail_ratio", total.failRatio());
        json.put("total_avg_response_time", total.avgMillis());
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("response_time_percentile_0.5", p50);
        current.put("response_time_percentile_0.95", p95);
        json.put("current_response_time_percentiles", current);
        json.put("current_response_time_percentile_1", p50);
        json.put("current_response_time_percentile_2", p95);
        json.put("state", state);
        json.put("user_count", userCount);
        return json;
    }

    private static Map<String, Object> row(EndpointRow r, String method) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("name", r.name());
        m.put("safe_name", r.name().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        m.put("num_requests", r.requests());
        m.put("num_failures", r.failures());
        m.put("avg_response_time", r.avgMillis());
        m.put("min_response_time", r.minMillis());
        m.put("max_response_time", r.maxMillis());
        m.put("current_rps", r.currentRps());
        m.put("current_fail_per_sec", r.currentFailuresPerSecond());
        m.put("median_response_time", r.medianMillis());
        m.put("ninetieth_response_time", r.percentile("90%"));
        m.put("ninety_ninth_response_time", r.percentile("99%"));
        m.put("avg_content_length", r.avgContentSize());
        for (int i = 0; i < Percentiles.REPORTED.length; i++) {
            m.put("response_time_percentile_" + pythonStr(Percentiles.REPORTED[i]), r.percentile(Percentiles.LABELS.get(i)));
        }
        return m;
    }

    /** Python's str of the fraction, as Locust's keys have it: 0.5, 0.95, 0.999, 1.0. */
    private static String pythonStr(double fraction) {
        return Double.toString(fraction);
    }
}
