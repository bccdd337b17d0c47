package dev.barrage.runner.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code barrage cloud compare} and {@code barrage cloud baseline}: runs side by side, and a project's baseline run. */
public final class CloudCompare {
    /** The metrics a comparison shows, by the names the command line takes. */
    public static final Map<String, String> METRICS = metrics();

    private final CloudApi api;
    private final PrintWriter out;

    public CloudCompare(CloudApi api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    private static Map<String, String> metrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("p95", "p95Millis");
        m.put("p99", "p99Millis");
        m.put("median", "medianMillis");
        m.put("avg", "avgMillis");
        m.put("rps", "rps");
        m.put("fail_ratio", "failRatio");
        m.put("requests", "requests");
        return m;
    }

    /**
     * Prints the runs side by side on one metric, each judged against the baseline (the first run unless named), and
     * returns {@link CloudRun#BASELINE_REGRESSED} when any run got worse than it on any metric, else {@link CloudRun#OK}.
     */
    public int compare(List<String> runs, String baseline, String metric, Double relative, Double absoluteMillis,
            Double failRatioPoints) throws CloudException {
        StringBuilder q = new StringBuilder("/api/runs/compare?runs=").append(encode(String.join(",", runs)));
        if (baseline != null) {
            q.append("&baseline=").append(encode(baseline));
        }
        if (relative != null) {
            q.append("&relative=").append(relative);
        }
        if (absoluteMillis != null) {
            q.append("&absoluteMillis=").append(absoluteMillis);
        }
        if (failRatioPoints != null) {
            q.append("&failRatioPoints=").append(failRatioPoints);
        }
        JsonNode c = api.get(q.toString());
        String field = METRICS.get(metric);
        List<String> heads = new ArrayList<>();
        for (JsonNode run : c.path("runs")) {
            heads.add(run.path("id").asText().substring(0, 8) + (heads.isEmpty() ? " (base)" : ""));
        }
        out.printf("%s, each run against the baseline %s (regressions: changes over %.0f %%, %s ms, %.2f failure points)%n%n",
                metric, c.path("baselineRunId").asText(), c.at("/tolerance/relative").asDouble() * 100,
                CloudRun.number(c.at("/tolerance/absoluteMillis").asDouble()), c.at("/tolerance/failRatioPoints").asDouble() * 100);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s %-34s", "Type", "Name"));
        heads.forEach(h -> header.append(String.format(Locale.ROOT, " %22s", h)));
        out.println(header);
        List<JsonNode> rows = new ArrayList<>();
        c.path("endpoints").forEach(rows::add);
        rows.add(c.path("aggregated"));
        for (JsonNode row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %-34s", row.path("type").asText(),
                    cut(row.path("name").asText(), 34)));
            for (JsonNode cell : row.path("cells")) {
                line.append(String.format(Locale.ROOT, " %22s", cell(cell, field)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(! worse than the baseline beyond the tolerance, + better beyond it, — not called in that run; "
                + "changes are against the base column)");
        out.println();
        int worse = 0;
        JsonNode counts = c.path("regressions");
        for (int i = 1; i < counts.size(); i++) {
            int n = counts.get(i).asInt();
            worse += n;
            out.printf("%s: %s%n", heads.get(i), n == 0 ? "no regression" : n + " number" + (n == 1 ? "" : "s")
                    + " worse than the baseline (any metric; --metric shows one)");
        }
        out.flush();
        return worse > 0 ? CloudRun.BASELINE_REGRESSED : CloudRun.OK;
    }

    private static String cell(JsonNode cell, String field) {
        JsonNode numbers = cell.path("numbers");
        if (numbers.isMissingNode() || numbers.isNull()) {
            return "—";
        }
        String value = value(field, numbers.path(field).asDouble());
        JsonNode changes = cell.path("changes");
        if (changes.isMissingNode() || changes.isNull()) {
            return value;
        }
        for (JsonNode ch : changes) {
            if (ch.path("metric").asText().equals(field)) {
                String verdict = switch (ch.path("verdict").asText()) {
                    case "regression" -> " !";
                    case "improvement" -> " +";
                    default -> "  ";
                };
                JsonNode d = ch.path("change");
                String delta = field.equals("failRatio") ? String.format(Locale.ROOT, "%+.2fpt", d.asDouble() * 100)
                        : d.isNumber() ? String.format(Locale.ROOT, "%+.0f%%", d.asDouble() * 100) : "new";
                return value + " " + delta + verdict;
            }
        }
        return value;
    }

    /** A metric's value with its unit, as the tables and the baseline lines show it. */
    static String value(String field, double v) {
        return switch (field) {
            case "failRatio" -> String.format(Locale.ROOT, "%.2f %%", v * 100);
            case "rps" -> String.format(Locale.ROOT, "%.1f/s", v);
            case "requests" -> String.valueOf((long) v);
            default -> String.format(Locale.ROOT, "%.1f ms", v); // one precision for every time, so columns compare
        };
    }

    /** The run against its project's baseline run, as the control plane judged it when the run ended. */
    public static List<String> baselineLines(JsonNode verdict) {
        if (verdict.isMissingNode() || verdict.isNull()) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        JsonNode tolerance = verdict.path("tolerance");
        lines.add(String.format(java.util.Locale.ROOT, "Against baseline run %s (tolerance %.0f %%, %s ms, %.2f failure points): %s",
                verdict.path("baselineRunId").asText(), tolerance.path("relative").asDouble() * 100,
                CloudRun.number(tolerance.path("absoluteMillis").asDouble()), tolerance.path("failRatioPoints").asDouble() * 100,
                verdict.path("passed").asBoolean() ? "no regression" : "REGRESSED"));
        for (JsonNode r : verdict.path("regressions")) {
            JsonNode change = r.path("change");
            String metric = r.path("metric").asText();
            boolean ratio = metric.equals("failRatio");
            lines.add(String.format(java.util.Locale.ROOT, "  %-40s %-13s %12s -> %-12s %s", r.path("endpoint").asText(),
                    metric, value(metric, r.path("baseline").asDouble()), value(metric, r.path("value").asDouble()),
                    ratio ? String.format(java.util.Locale.ROOT, "%+.2f points", change.asDouble() * 100)
                            : change.isNumber() ? String.format(java.util.Locale.ROOT, "%+.0f %%", change.asDouble() * 100)
                            : "(baseline 0)"));
        }
        if (!verdict.path("missing").isEmpty()) {
            lines.add("  not called this time: " + String.join(", ", texts(verdict.path("missing"))));
        }
        if (!verdict.path("added").isEmpty()) {
            lines.add("  new since the baseline: " + String.join(", ", texts(verdict.path("added"))));
        }
        return lines;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Shows the project's baseline run, or says there is none. */
    public int showBaseline(String project) throws CloudException {
        JsonNode b = api.get("/api/projects/" + project + "/baseline");
        if (b.path("runId").isNull() || b.path("runId").isMissingNode()) {
            out.println("Project " + project + " has no baseline run.");
        } else if (b.path("run").isNull()) {
            out.printf("Baseline of project %s: run %s (its report is no longer kept)%n  %s%n", project,
                    b.path("runId").asText(), tolerance(b.path("tolerance")));
        } else {
            out.printf("Baseline of project %s: run %s (%s, %s v%s, %s users, ended %s)%n  %s%n", project,
                    b.at("/run/id").asText(), b.at("/run/status").asText(), b.at("/run/scenario").asText(),
                    b.at("/run/scenarioVersion").asText(), b.at("/run/users").asText(), b.at("/run/endedAt").asText(),
                    tolerance(b.path("tolerance")));
        }
        out.flush();
        return CloudRun.OK;
    }

    public int setBaseline(String project, String runId, Double relative, Double absoluteMillis, Double failRatioPoints)
            throws CloudException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("relative", relative);
        body.put("absoluteMillis", absoluteMillis);
        body.put("failRatioPoints", failRatioPoints);
        JsonNode b = api.put("/api/projects/" + project + "/baseline", body);
        out.printf("Run %s is now the baseline of project %s: later runs are judged against it.%n  %s%n",
                b.at("/run/id").asText(), project, tolerance(b.path("tolerance")));
        out.flush();
        return CloudRun.OK;
    }

    public int clearBaseline(String project) throws CloudException {
        api.delete("/api/projects/" + project + "/baseline");
        out.println("Project " + project + " has no baseline run any more.");
        out.flush();
        return CloudRun.OK;
    }

    private static String tolerance(JsonNode t) {
        return String.format(Locale.ROOT, "A number counts as worse beyond %.0f %% (times: and %s ms or more; failures: %.2f points).",
                t.path("relative").asDouble() * 100, CloudRun.number(t.path("absoluteMillis").asDouble()),
                t.path("failRatioPoints").asDouble() * 100);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
