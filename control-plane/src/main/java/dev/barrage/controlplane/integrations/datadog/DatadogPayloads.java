package dev.barrage.controlplane.integrations.datadog;

import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What Datadog receives: points of the run's time series for the v2 series API
 * (https://docs.datadoghq.com/api/latest/metrics/#submit-metrics), and an event when the run ends (v1 events API,
 * https://docs.datadoghq.com/api/latest/events/#post-an-event). One point per interval and series, taken from the
 * run's time series as the report has it: requests and failures per second (over the last seconds, Locust's current
 * rate), the interval's p50, p95 and p99 response times, and the users (on the aggregated series only).
 */
final class DatadogPayloads {
    /** Datadog's metric type for a gauge in the v2 API. */
    static final int GAUGE = 3;

    record Metric(String name, String unit, ToDoubleFunction<HistoryRow> value, boolean aggregatedOnly) {}

    static final List<Metric> METRICS = List.of(
            new Metric("barrage.requests_per_second", null, HistoryRow::currentRps, false),
            new Metric("barrage.failures_per_second", null, HistoryRow::currentFailuresPerSecond, false),
            new Metric("barrage.response_time.p50", "millisecond", HistoryRow::intervalP50Millis, false),
            new Metric("barrage.response_time.p95", "millisecond", HistoryRow::intervalP95Millis, false),
            new Metric("barrage.response_time.p99", "millisecond", HistoryRow::intervalP99Millis, false),
            new Metric("barrage.users", null, HistoryRow::users, true));

    private DatadogPayloads() {}

    /** The tags every point and the event carry: project, run, scenario and the run's own tags. */
    static List<String> runTags(RunContext run) {
        RunEvent e = run.event();
        List<String> tags = new ArrayList<>();
        tags.add(tag("project:" + run.projectName()));
        tags.add(tag("project_id:" + e.projectId()));
        tags.add(tag("run:" + e.runId()));
        tags.add(tag("scenario:" + run.scenario()));
        if (e.tags() != null) {
            e.tags().forEach(t -> tags.add(tag(t)));
        }
        return tags;
    }

    /** The body of one series submission for these rows of the time series. */
    static Map<String, Object> series(List<HistoryRow> rows, List<String> runTags) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (HistoryRow row : rows) {
            List<String> tags = new ArrayList<>(runTags);
            if (row.aggregated()) {
                tags.add("endpoint:aggregated");
            } else {
                tags.add(tag("endpoint:" + row.key().name()));
                tags.add(tag("method:" + row.key().type()));
            }
            for (Metric m : METRICS) {
                if (m.aggregatedOnly() && !row.aggregated()) {
                    continue;
                }
                Map<String, Object> series = byKey.computeIfAbsent(m.name() + tags, k -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("metric", m.name());
                    s.put("type", GAUGE);
                    s.put("points", new ArrayList<Map<String, Object>>());
                    s.put("tags", tags);
                    if (m.unit() != null) {
                        s.put("unit", m.unit());
                    }
                    return s;
                });
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> points = (List<Map<String, Object>>) series.get("points");
                points.add(Map.of("timestamp", row.epochMillis() / 1000, "value", finite(m.value().applyAsDouble(row))));
            }
        }
        return Map.of("series", new ArrayList<>(byKey.values()));
    }

    /** The event that closes a run. */
    static Map<String, Object> event(RunContext run) {
        RunEvent e = run.event();
        RunContext.Verdict v = run.verdict();
        StringBuilder text = new StringBuilder("%%% \n");
        text.append("**").append(run.scenario()).append("** against `").append(e.targetHost()).append("`, ")
                .append(e.users()).append(" users, ").append(run.durationSeconds()).append(" s");
        if (!run.gitLine().isEmpty()) {
            text.append(" (").append(run.gitLine()).append(')');
        }
        text.append("\n\n");
        if (e.reason() != null && (v == RunContext.Verdict.FAILED || v == RunContext.Verdict.STOPPED)) {
            text.append("Reason: ").append(e.reason()).append("\n\n");
        }
        RunEvent.Summary s = e.summary();
        if (s != null) {
            text.append(RunContext.count(s.requests())).append(" requests, ").append(RunContext.count(s.failures()))
                    .append(" failures (").append(RunContext.percent(s.failRatio())).append("), ")
                    .append(RunContext.rate(s.rps())).append(", median ").append(RunContext.millis(s.p50Millis()))
                    .append(", p95 ").append(RunContext.millis(s.p95Millis())).append(", p99 ")
                    .append(RunContext.millis(s.p99Millis())).append("\n\n");
        }
        if (e.thresholds() != null) {
            for (ThresholdResult t : e.thresholds()) {
                text.append("- ").append(t.passed() ? "pass" : "FAIL").append(" `").append(t.threshold()).append("`: ")
                        .append(t.actualText()).append('\n');
            }
        }
        text.append("\n[Open the run](").append(run.link()).append(")\n %%%");
        String body = text.length() > 3990 ? text.substring(0, 3980) + "…\n %%%" : text.toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("title", cut("Barrage: " + v.headline.toLowerCase(Locale.ROOT) + " — " + run.projectName(), 100));
        event.put("text", body);
        event.put("alert_type", switch (v) {
            case PASSED -> "success";
            case STARTED -> "info";
            case STOPPED, REGRESSED -> "warning";
            case THRESHOLDS_FAILED, FAILED -> "error";
        });
        event.put("date_happened", e.at().toEpochSecond());
        event.put("aggregation_key", "barrage-run-" + e.runId());
        event.put("tags", runTags(run));
        return event;
    }

    /**
     * As Datadog keeps a tag: lower case; letters, digits and _ - : . / kept, anything else an underscore; at most 200
     * characters. Sending it so makes what is sent what Datadog shows.
     */
    static String tag(String raw) {
        String t = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_\\-:./]", "_");
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    private static double finite(double d) {
        return Double.isFinite(d) ? d : 0;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
