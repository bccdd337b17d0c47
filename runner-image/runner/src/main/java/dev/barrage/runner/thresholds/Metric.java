package dev.barrage.runner.thresholds;

import dev.barrage.protocol.stats.EndpointTotals;
import java.util.Locale;

/** What a threshold looks at, read from an endpoint's (or the aggregated) totals. */
public record Metric(String name, Kind kind, double percentile) {

    public enum Kind { PERCENTILE, AVG, MIN, MAX, FAIL_RATIO, RPS, REQUESTS, FAILURES }

    static Metric of(String name, String expression) {
        return switch (name) {
            case "avg" -> new Metric(name, Kind.AVG, 0);
            case "min" -> new Metric(name, Kind.MIN, 0);
            case "max" -> new Metric(name, Kind.MAX, 0);
            case "med", "median" -> new Metric(name, Kind.PERCENTILE, 0.5);
            case "fail_ratio" -> new Metric(name, Kind.FAIL_RATIO, 0);
            case "rps" -> new Metric(name, Kind.RPS, 0);
            case "requests" -> new Metric(name, Kind.REQUESTS, 0);
            case "failures" -> new Metric(name, Kind.FAILURES, 0);
            default -> {
                if (name.startsWith("p")) {
                    double p = Double.parseDouble(name.substring(1));
                    if (p > 0 && p <= 100) {
                        yield new Metric(name, Kind.PERCENTILE, p / 100);
                    }
                }
                throw new IllegalArgumentException("'" + expression + "': unknown metric " + name
                        + " (use p50..p99.9, avg, min, max, median, fail_ratio, rps, requests or failures)");
            }
        };
    }

    boolean isTime() {
        return kind == Kind.PERCENTILE || kind == Kind.AVG || kind == Kind.MIN || kind == Kind.MAX;
    }

    /** The value written in the expression, in this metric's unit (milliseconds for times). */
    double toUnit(double value, String unit, String expression) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (isTime()) {
            return switch (u) {
                case "", "ms" -> value;
                case "s" -> value * 1000;
                case "us", "µs" -> value / 1000;
                default -> throw new IllegalArgumentException("'" + expression + "': " + name
                        + " is a time: use ms, s or us, not '" + unit + "'");
            };
        }
        if (kind == Kind.FAIL_RATIO) {
            double ratio = switch (u) {
                case "" -> value;
                case "%" -> value / 100;
                default -> throw new IllegalArgumentException("'" + expression + "': fail_ratio is a ratio such as 0.01"
                        + " or 1%, not '" + unit + "'");
            };
            if (ratio > 1) {
                throw new IllegalArgumentException("'" + expression + "': fail_ratio is between 0 and 1 (or 0% and 100%)");
            }
            return ratio;
        }
        if (!u.isEmpty() && !(kind == Kind.RPS && u.equals("/s"))) {
            throw new IllegalArgumentException("'" + expression + "': " + name + " takes a plain number, not '" + unit + "'");
        }
        return value;
    }

    double read(EndpointTotals totals, double elapsedSeconds) {
        return switch (kind) {
            case PERCENTILE -> totals.percentileMillis(percentile);
            case AVG -> totals.avgMillis();
            case MIN -> totals.minMillis();
            case MAX -> totals.maxMillis();
            case FAIL_RATIO -> totals.failRatio();
            case RPS -> elapsedSeconds <= 0 ? 0 : totals.requests() / elapsedSeconds;
            case REQUESTS -> totals.requests();
            case FAILURES -> totals.failures();
        };
    }

    String format(double value) {
        if (isTime()) {
            return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.0f ms", value);
        }
        return switch (kind) {
            case FAIL_RATIO -> String.format(Locale.ROOT, "%.4f (%.2f%%)", value, value * 100);
            case RPS -> String.format(Locale.ROOT, "%.2f/s", value);
            default -> String.format(Locale.ROOT, "%.0f", value);
        };
    }
}
