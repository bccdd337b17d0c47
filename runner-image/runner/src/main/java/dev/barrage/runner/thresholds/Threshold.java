package dev.barrage.runner.thresholds;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail criterion: {@code [endpoint:]metric op value[unit]}, e.g. {@code p95<500ms}, {@code fail_ratio<0.01},
 * {@code fail_ratio<1%}, {@code GET /items/[id]:p99<=800ms}, {@code rps>100}, an HTTP phase's {@code ttfb_p95<200ms} or
 * {@code connect_max<50ms}, {@code new_connections<=100}, and for the open model
 * {@code dropped_iterations<1}, {@code iteration_rate>=95%} (of the target rate) or {@code iteration_rate>=40/s}. Without an endpoint it applies to the
 * aggregated row; an endpoint is a name ({@code /items/[id]}, every type with that name) or a type and a name
 * ({@code GET /items/[id]}).
 *
 * <p>Two optional suffixes: {@code over 1m} makes it hold in every sliding window of that length, not only over the
 * whole run ({@code p95<500ms over 1m}); {@code abort} stops the run as soon as it fails, {@code abort after 30s}
 * only once the run is that old (k6's abortOnFail and delayAbortEval).
 *
 * @param limit in the metric's unit: milliseconds for times, a ratio for {@code fail_ratio}, per second for
 *     {@code rps}, a count for {@code requests} and {@code failures}
 * @param windowMillis the sliding window it must hold in, 0 for the whole run
 * @param abortAfterMillis with {@code abortOnFail}, how old the run must be before a failure stops it
 */
public record Threshold(String expression, String endpoint, Metric metric, Comparison comparison, double limit,
        boolean abortOnFail, long windowMillis, long abortAfterMillis) {

    private static final Pattern SUFFIXES = Pattern.compile(
            "^(?<body>.*?)(?:\\s+over\\s+(?<window>\\d+(?:ms|s|m|h)))?(?:\\s+(?<abort>abort)(?:\\s+after\\s+(?<grace>\\d+(?:ms|s|m|h)))?)?\\s*$",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern SYNTAX = Pattern.compile(
            "^(?:(?<endpoint>.+):)?\\s*(?<metric>(?:[a-z]+_)?p\\d+(?:\\.\\d+)?|[a-z_]+)\\s*(?<op><=|>=|<|>)\\s*"
                    + "(?<value>\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(?<unit>[a-zµ%/]*)\\s*$");

    public static Threshold parse(String expression, boolean abortOnFail) {
        String whole = expression == null ? "" : expression.strip();
        Matcher suffixes = SUFFIXES.matcher(whole);
        suffixes.matches(); // always: every part but the body is optional
        String text = suffixes.group("body").strip();
        long window = suffixes.group("window") == null ? 0 : millis(suffixes.group("window"));
        boolean abort = abortOnFail || suffixes.group("abort") != null;
        long grace = suffixes.group("grace") == null ? 0 : millis(suffixes.group("grace"));
        if (suffixes.group("window") != null && window < 1000) {
            throw new IllegalArgumentException("'" + expression + "': a window is at least 1s (reports come every second)");
        }
        Matcher m = SYNTAX.matcher(text.toLowerCase(Locale.ROOT).equals(text) ? text : lowerMetricPart(text));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + expression + "' is not a threshold: write [endpoint:]metric<value,"
                    + " e.g. p95<500ms, fail_ratio<0.01, ttfb_p95<200ms, \"GET /items/[id]:p99<800ms\"; metrics: "
                    + Metric.NAMES);
        }
        String endpoint = m.group("endpoint") == null ? null : text.substring(0, m.end("endpoint")).strip();
        Metric metric = Metric.of(m.group("metric"), expression);
        if (metric.kind() == Metric.Kind.ITERATION_RATE && m.group("unit").equals("%")) {
            metric = new Metric(metric.name(), Metric.Kind.ITERATION_RATIO, 0);
        }
        if (metric.isIterations() && m.group("endpoint") != null) {
            throw new IllegalArgumentException("'" + expression + "': " + metric.name() + " is a metric of the whole "
                    + "run's iterations (open model), not of an endpoint");
        }
        double value = Double.parseDouble(m.group("value"));
        double limit = metric.toUnit(value, m.group("unit"), expression);
        if (window > 0 && metric.isIterations()) {
            throw new IllegalArgumentException("'" + expression + "': " + metric.name() + " is judged on the whole run; "
                    + "it has no window");
        }
        if (window > 0 && (metric.kind() == Metric.Kind.REQUESTS || metric.kind() == Metric.Kind.FAILURES
                || metric.kind() == Metric.Kind.NEW_CONNECTIONS || metric.kind() == Metric.Kind.REUSED_CONNECTIONS)) {
            throw new IllegalArgumentException("'" + expression + "': counts have no window; use rps or fail_ratio");
        }
        return new Threshold(whole, endpoint == null || endpoint.isEmpty() ? null : endpoint, metric,
                Comparison.of(m.group("op")), limit, abort, window, grace);
    }

    private static long millis(String span) {
        String s = span.toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Long.parseLong(s.substring(0, s.length() - 2));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> n * 1000;
            case 'm' -> n * 60_000;
            default -> n * 3_600_000;
        };
    }

    public boolean windowed() {
        return windowMillis > 0;
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
