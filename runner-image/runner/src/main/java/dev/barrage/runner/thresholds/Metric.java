package dev.barrage.runner.thresholds;

import dev.barrage.protocol.Phase;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.PhaseTotals;
import java.util.Locale;

/**
 * What a threshold looks at, read from an endpoint's (or the aggregated) totals.
 *
 * @param phase for the phase metrics ({@code ttfb_p95}, {@code connect_avg}...), the phase of the HTTP requests; else
 *     null
 */
public record Metric(String name, Kind kind, double percentile, Phase phase) {

    static final String NAMES = "p50..p99.9, avg, min, max, median, fail_ratio, rps, requests, failures, a phase's "
            + "PHASE_p95, PHASE_median, PHASE_avg or PHASE_max (PHASE: resolve, connect, tls, send, ttfb, receive), "
            + "new_connections, reused_connections, dropped_iterations or iteration_rate";

    public Metric(String name, Kind kind, double percentile) {
        this(name, kind, percentile, null);
    }

    public enum Kind {
        PERCENTILE, AVG, MIN, MAX, FAIL_RATIO, RPS, REQUESTS, FAILURES,
        /** An HTTP request phase's percentile, mean or max ({@code ttfb_p95}). */
        PHASE_PERCENTILE, PHASE_AVG, PHASE_MAX,
        /** Connections the HTTP requests opened, and hops sent over one already open. */
        NEW_CONNECTIONS, REUSED_CONNECTIONS,
        /** Open model: iterations dropped over the run. */
        DROPPED_ITERATIONS,
        /** Open model: iterations started per second over the run. */
        ITERATION_RATE,
        /** Open model: iterations started as a share of those due ({@code iteration_rate} with a {@code %}). */
        ITERATION_RATIO
    }

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
            case "dropped_iterations" -> new Metric(name, Kind.DROPPED_ITERATIONS, 0);
            case "iteration_rate" -> new Metric(name, Kind.ITERATION_RATE, 0);
            case "new_connections" -> new Metric(name, Kind.NEW_CONNECTIONS, 0);
            case "reused_connections" -> new Metric(name, Kind.REUSED_CONNECTIONS, 0);
            default -> {
                int underscore = name.indexOf('_');
                Phase phase = underscore < 0 ? null : Phase.of(name.substring(0, underscore));
                if (phase != null) {
                    yield ofPhase(name, phase, name.substring(underscore + 1), expression);
                }
                if (name.startsWith("p")) {
                    double p = Double.parseDouble(name.substring(1));
                    if (p > 0 && p <= 100) {
                        yield new Metric(name, Kind.PERCENTILE, p / 100);
                    }
                }
                throw new IllegalArgumentException("'" + expression + "': unknown metric " + name + " (use " + NAMES + ")");
            }
        };
    }

    private static Metric ofPhase(String name, Phase phase, String statistic, String expression) {
        switch (statistic) {
            case "avg" -> {
                return new Metric(name, Kind.PHASE_AVG, 0, phase);
            }
            case "max" -> {
                return new Metric(name, Kind.PHASE_MAX, 0, phase);
            }
            case "med", "median" -> {
                return new Metric(name, Kind.PHASE_PERCENTILE, 0.5, phase);
            }
            default -> {
                if (statistic.matches("p\\d+(\\.\\d+)?")) {
                    double p = Double.parseDouble(statistic.substring(1));
                    if (p > 0 && p <= 100) {
                        return new Metric(name, Kind.PHASE_PERCENTILE, p / 100, phase);
                    }
                }
                throw new IllegalArgumentException("'" + expression + "': unknown metric " + name + " (a phase takes _p95, "
                        + "_median, _avg or _max, e.g. " + phase.key() + "_p95)");
            }
        }
    }

    /** A metric of the HTTP requests' phases or connections, which requests of other kinds do not have. */
    public boolean isPhase() {
        return phase != null || kind == Kind.NEW_CONNECTIONS || kind == Kind.REUSED_CONNECTIONS;
    }

    /** A metric of the whole run's open-model iterations, not of an endpoint. */
    public boolean isIterations() {
        return kind == Kind.DROPPED_ITERATIONS || kind == Kind.ITERATION_RATE || kind == Kind.ITERATION_RATIO;
    }

    /** Reads an iterations metric: the run's started and dropped iterations and its achieved rate per second. */
    public double readIterations(long started, long dropped, double achievedRate) {
        return switch (kind) {
            case DROPPED_ITERATIONS -> dropped;
            case ITERATION_RATE -> achievedRate;
            case ITERATION_RATIO -> started + dropped == 0 ? 1 : (double) started / (started + dropped);
            default -> throw new IllegalStateException(name + " is not an iterations metric");
        };
    }

    boolean isTime() {
        return kind == Kind.PERCENTILE || kind == Kind.AVG || kind == Kind.MIN || kind == Kind.MAX || phase != null;
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
        if (kind == Kind.ITERATION_RATIO) {
            if (value > 100) {
                throw new IllegalArgumentException("'" + expression + "': iteration_rate in % is a share of the target "
                        + "rate, between 0% and 100%");
            }
            return value / 100;
        }
        if (!u.isEmpty() && !((kind == Kind.RPS || kind == Kind.ITERATION_RATE) && u.equals("/s"))) {
            throw new IllegalArgumentException("'" + expression + "': " + name + " takes a plain number, not '" + unit + "'");
        }
        return value;
    }

    /** The value over these totals; NaN for a phase metric of totals without any timed HTTP request. */
    double read(EndpointTotals totals, double elapsedSeconds) {
        PhaseTotals phases = totals.phases();
        if (isPhase() && phases == null) {
            return Double.NaN;
        }
        return switch (kind) {
            case PHASE_PERCENTILE -> phases.percentileMillis(phase, percentile);
            case PHASE_AVG -> phases.meanMillis(phase);
            case PHASE_MAX -> phases.maxMillis(phase);
            case NEW_CONNECTIONS -> phases.newConnections();
            case REUSED_CONNECTIONS -> phases.reusedConnections();
            case PERCENTILE -> totals.percentileMillis(percentile);
            case AVG -> totals.avgMillis();
            case MIN -> totals.minMillis();
            case MAX -> totals.maxMillis();
            case FAIL_RATIO -> totals.failRatio();
            case RPS -> elapsedSeconds <= 0 ? 0 : totals.requests() / elapsedSeconds;
            case REQUESTS -> totals.requests();
            case FAILURES -> totals.failures();
            case DROPPED_ITERATIONS, ITERATION_RATE, ITERATION_RATIO ->
                    throw new IllegalStateException(name + " is read from the run's iterations");
        };
    }

    String format(double value) {
        if (isTime()) {
            return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.0f ms", value);
        }
        return switch (kind) {
            case FAIL_RATIO -> String.format(Locale.ROOT, "%.4f (%.2f%%)", value, value * 100);
            case RPS, ITERATION_RATE -> String.format(Locale.ROOT, "%.2f/s", value);
            case ITERATION_RATIO -> String.format(Locale.ROOT, "%.1f%% of target", value * 100);
            default -> String.format(Locale.ROOT, "%.0f", value);
        };
    }
}
