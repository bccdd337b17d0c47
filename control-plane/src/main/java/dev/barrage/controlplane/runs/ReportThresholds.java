package dev.barrage.controlplane.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.protocol.stats.Percentiles;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.PhaseSummary;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.thresholds.Metric;
import dev.barrage.runner.thresholds.Threshold;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A run's thresholds, parsed by the runner's {@link Threshold} and judged on the run's final report. The runner's
 * {@code ThresholdEvaluator} reads merged histograms, which the control plane keeps only inside the aggregator; the
 * report's rows hold Locust's percentile columns computed from those same histograms, and its counts, ratios, rates,
 * averages, minimums and maximums, and each endpoint's HTTP phases (median, p95, mean, max) and connections, so a
 * threshold on any of them gets the value the runner's evaluator would give. Percentiles outside Locust's columns, and
 * phase percentiles other than the median and p95, are refused when the run is created.
 */
public final class ReportThresholds {
    static final int MAX_THRESHOLDS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportThresholds() {}

    /** Parses a run request's thresholds; a bad one answers 400 naming it. */
    static List<Threshold> parse(List<String> expressions) {
        if (expressions == null) {
            return List.of();
        }
        if (expressions.size() > MAX_THRESHOLDS) {
            throw ProblemException.badRequest("a run has at most " + MAX_THRESHOLDS + " thresholds").with("field", "thresholds");
        }
        List<Threshold> thresholds = new ArrayList<>();
        for (String e : expressions) {
            Threshold t;
            try {
                t = Threshold.parse(e, false);
            } catch (IllegalArgumentException ex) {
                throw ProblemException.badRequest(ex.getMessage()).with("field", "thresholds");
            }
            if (t.metric().kind() == Metric.Kind.PERCENTILE && label(t.metric().percentile()) == null) {
                throw ProblemException.badRequest("'" + e + "': runs on the platform judge the percentiles of the report: "
                        + "p50, p66, p75, p80, p90, p95, p98, p99, p99.9, p99.99 or p100").with("field", "thresholds");
            }
            if (t.metric().kind() == Metric.Kind.PHASE_PERCENTILE && phaseColumn(t.metric().percentile()) == null) {
                throw ProblemException.badRequest("'" + e + "': runs on the platform judge the phases of the report: "
                        + t.metric().phase().key() + "_median, " + t.metric().phase().key() + "_p95, _avg or _max")
                        .with("field", "thresholds");
            }
            thresholds.add(t);
        }
        return thresholds;
    }

    /** The stored form: one expression per line, null for none. */
    static String store(List<Threshold> thresholds) {
        return thresholds.isEmpty() ? null : String.join("\n", thresholds.stream().map(Threshold::expression).toList());
    }

    static List<Threshold> stored(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split("\n")).map(e -> Threshold.parse(e, false)).toList();
    }

    static List<String> expressions(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.split("\n"));
    }

    static String resultsJson(List<ThresholdResult> results) {
        try {
            return JSON.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<ThresholdResult> results(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<List<ThresholdResult>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored threshold results do not parse", e);
        }
    }

    static List<ThresholdResult> evaluate(List<Threshold> thresholds, RunReport report) {
        return thresholds.stream().map(t -> evaluate(t, report)).toList();
    }

    static ThresholdResult evaluate(Threshold t, RunReport report) {
        if (t.metric().isIterations()) {
            // the open model's iterations, merged from every runner's interval reports into the report
            RunReport.Iterations it = report.iterations();
            if (it == null) {
                return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                        "no open-model iterations", false);
            }
            double actual = t.metric().readIterations(it.started(), it.dropped(), it.achievedRate());
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), actual,
                    format(t.metric(), actual), t.passes(actual));
        }
        List<EndpointRow> rows = rows(t.endpoint(), report);
        if (rows.isEmpty()) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                    "no requests named " + t.endpoint(), false);
        }
        if (t.metric().isPhase() && rows.stream().allMatch(r -> r.timings() == null)) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                    "no HTTP requests" + (t.endpoint() == null ? "" : " named " + t.endpoint()), false);
        }
        double actual;
        if (rows.size() == 1) {
            actual = read(t.metric(), rows.getFirst());
        } else if (t.metric().kind() == Metric.Kind.PERCENTILE || t.metric().kind() == Metric.Kind.PHASE_PERCENTILE) {
            return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), Double.NaN,
                    rows.size() + " request types are named " + t.endpoint() + "; name one, e.g. '"
                            + rows.getFirst().type() + " " + t.endpoint() + ":" + t.metric().name() + "...'", false);
        } else {
            actual = combined(t.metric(), rows);
        }
        return new ThresholdResult(t.expression(), t.endpoint(), t.metric().name(), t.limit(), actual,
                format(t.metric(), actual), t.passes(actual));
    }

    /** The aggregated row, the row of "TYPE name", or every row with that name (the runner's evaluator's rule). */
    private static List<EndpointRow> rows(String endpoint, RunReport report) {
        if (endpoint == null) {
            return List.of(report.aggregated());
        }
        List<EndpointRow> exact = report.endpoints().stream().filter(r -> (r.type() + " " + r.name()).equals(endpoint)).toList();
        return !exact.isEmpty() ? exact : report.endpoints().stream().filter(r -> r.name().equals(endpoint)).toList();
    }

    private static double read(Metric metric, EndpointRow row) {
        return switch (metric.kind()) {
            case PERCENTILE -> row.percentile(label(metric.percentile()));
            case AVG -> row.avgMillis();
            case MIN -> row.minMillis();
            case MAX -> row.maxMillis();
            case FAIL_RATIO -> row.failRatio();
            case RPS -> row.rps();
            case REQUESTS -> row.requests();
            case FAILURES -> row.failures();
            case PHASE_PERCENTILE -> phaseColumn(metric.percentile()).applyAsDouble(row.timings().phase(metric.phase()));
            case PHASE_AVG -> row.timings().phase(metric.phase()).avgMillis();
            case PHASE_MAX -> row.timings().phase(metric.phase()).maxMillis();
            case NEW_CONNECTIONS -> row.timings().newConnections();
            case REUSED_CONNECTIONS -> row.timings().reusedConnections();
            case DROPPED_ITERATIONS, ITERATION_RATE, ITERATION_RATIO ->
                    throw new IllegalArgumentException(metric.name() + " is read from the run's iterations");
        };
    }

    /** The report's phase column of a percentile (median or p95), or null when the report has no such column. */
    private static java.util.function.ToDoubleFunction<PhaseSummary.Stat> phaseColumn(double fraction) {
        if (Math.abs(fraction - 0.5) < 1e-9) {
            return PhaseSummary.Stat::medianMillis;
        }
        return Math.abs(fraction - 0.95) < 1e-9 ? PhaseSummary.Stat::p95Millis : null;
    }

    /** Several request types with one name, as if merged: every metric but percentiles merges exactly from rows. */
    private static double combined(Metric metric, List<EndpointRow> rows) {
        long requests = rows.stream().mapToLong(EndpointRow::requests).sum();
        long failures = rows.stream().mapToLong(EndpointRow::failures).sum();
        List<EndpointRow> used = rows.stream().filter(r -> r.requests() > 0).toList();
        return switch (metric.kind()) {
            case AVG -> requests == 0 ? 0 : used.stream().mapToDouble(r -> r.avgMillis() * r.requests()).sum() / requests;
            case MIN -> used.stream().mapToDouble(EndpointRow::minMillis).min().orElse(0);
            case MAX -> used.stream().mapToDouble(EndpointRow::maxMillis).max().orElse(0);
            case FAIL_RATIO -> requests == 0 ? 0 : (double) failures / requests;
            case RPS -> rows.stream().mapToDouble(EndpointRow::rps).sum();
            case REQUESTS -> requests;
            case FAILURES -> failures;
            case PHASE_AVG -> {
                List<PhaseSummary> timed = rows.stream().map(EndpointRow::timings).filter(java.util.Objects::nonNull).toList();
                long n = timed.stream().mapToLong(PhaseSummary::requests).sum();
                yield n == 0 ? 0 : timed.stream().mapToDouble(p -> p.phase(metric.phase()).avgMillis() * p.requests()).sum() / n;
            }
            case PHASE_MAX -> rows.stream().map(EndpointRow::timings).filter(java.util.Objects::nonNull)
                    .mapToDouble(p -> p.phase(metric.phase()).maxMillis()).max().orElse(0);
            case NEW_CONNECTIONS -> rows.stream().map(EndpointRow::timings).filter(java.util.Objects::nonNull)
                    .mapToLong(PhaseSummary::newConnections).sum();
            case REUSED_CONNECTIONS -> rows.stream().map(EndpointRow::timings).filter(java.util.Objects::nonNull)
                    .mapToLong(PhaseSummary::reusedConnections).sum();
            case PERCENTILE, PHASE_PERCENTILE -> throw new IllegalArgumentException("percentiles do not merge from rows");
            case DROPPED_ITERATIONS, ITERATION_RATE, ITERATION_RATIO ->
                    throw new IllegalArgumentException(metric.name() + " is read from the run's iterations");
        };
    }

    /** The report's column label of a percentile ("95%"), or null when the report has no such column. */
    static String label(double fraction) {
        for (int i = 0; i < Percentiles.REPORTED.length; i++) {
            if (Math.abs(Percentiles.REPORTED[i] - fraction) < 1e-9) {
                return Percentiles.LABELS.get(i);
            }
        }
        return null;
    }

    /** As the runner shows a measured value (its {@code Metric.format} is package-private). */
    private static String format(Metric metric, double value) {
        return switch (metric.kind()) {
            case PERCENTILE, AVG, MIN, MAX, PHASE_PERCENTILE, PHASE_AVG, PHASE_MAX ->
                    String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.0f ms", value);
            case FAIL_RATIO -> String.format(Locale.ROOT, "%.4f (%.2f%%)", value, value * 100);
            case RPS, ITERATION_RATE -> String.format(Locale.ROOT, "%.2f/s", value);
            case ITERATION_RATIO -> String.format(Locale.ROOT, "%.1f%% of target", value * 100);
            default -> String.format(Locale.ROOT, "%.0f", value);
        };
    }
}
