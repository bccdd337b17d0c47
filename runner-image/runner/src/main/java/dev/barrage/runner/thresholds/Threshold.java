package dev.barrage.runner.thresholds;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail criterion: {@code [endpoint:]metric op value[unit]}, e.g. {@code p95<500ms}, {@code fail_ratio<0.01},
 * {@code fail_ratio<1%}, {@code GET /items/[id]:p99<=800ms}, {@code rps>100}. Without an endpoint it applies to the
 * aggregated row; an endpoint is a name ({@code /items/[id]}, every type with that name) or a type and a name
 * ({@code GET /items/[id]}).
 *
 * @param limit in the metric's unit: milliseconds for times, a ratio for {@code fail_ratio}, per second for
 *     {@code rps}, a count for {@code requests} and {@code failures}
 */
public record Threshold(String expression, String endpoint, Metric metric, Comparison comparison, double limit,
        boolean abortOnFail) {

    private static final Pattern SYNTAX = Pattern.compile(
            "^(?:(?<endpoint>.+):)?\\s*(?<metric>[a-z_]+|p\\d+(?:\\.\\d+)?)\\s*(?<op><=|>=|<|>)\\s*"
                    + "(?<value>\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(?<unit>[a-zµ%/]*)\\s*$");

    public static Threshold parse(String expression, boolean abortOnFail) {
        String text = expression == null ? "" : expression.strip();
        Matcher m = SYNTAX.matcher(text.toLowerCase(Locale.ROOT).equals(text) ? text : lowerMetricPart(text));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + expression + "' is not a threshold: write [endpoint:]metric<value,"
                    + " e.g. p95<500ms, fail_ratio<0.01, \"GET /items/[id]:p99<800ms\"; metrics: p50..p99.9, avg, min,"
                    + " max, median, fail_ratio, rps, requests, failures");
        }
        String endpoint = m.group("endpoint") == null ? null : text.substring(0, m.end("endpoint")).strip();
        Metric metric = Metric.of(m.group("metric"), expression);
        double value = Double.parseDouble(m.group("value"));
        double limit = metric.toUnit(value, m.group("unit"), expression);
        return new Threshold(text, endpoint == null || endpoint.isEmpty() ? null : endpoint, metric,
                Comparison.of(m.group("op")), limit, abortOnFail);
    }

    /** Metric names and units are case-insensitive; the endpoint name keeps its case. */
    private static String lowerMetricPart(String text) {
        int colon = text.lastIndexOf(':');
        return colon < 0 ? text.toLowerCase(Locale.ROOT)
                : text.substring(0, colon + 1) + text.substring(colon + 1).toLowerCase(Locale.ROOT);
    }

    public boolean passes(double actual) {
        return comparison.holds(actual, limit);
    }

    public enum Comparison {
        LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(symbol);
        }

        boolean holds(double actual, double limit) {
            return switch (this) {
                case LESS -> actual < limit;
                case LESS_OR_EQUAL -> actual <= limit;
                case GREATER -> actual > limit;
                case GREATER_OR_EQUAL -> actual >= limit;
            };
        }
    }
}
