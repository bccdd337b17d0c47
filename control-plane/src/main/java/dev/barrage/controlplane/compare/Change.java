package dev.barrage.controlplane.compare;

/**
 * One number of a run against the same number of the baseline run.
 *
 * @param change relative, (value − baseline) / baseline, null when the baseline is 0 and the value is not; for the
 *               failure ratio, value − baseline (points as a ratio)
 */
public record Change(Metric metric, double baseline, double value, Double change, Verdict verdict) {
    public enum Verdict {
        REGRESSION, IMPROVEMENT, SAME;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Change judge(Metric metric, double baseline, double value, Tolerance tolerance) {
        if (metric.kind == Metric.Kind.RATIO) {
            double points = value - baseline;
            return new Change(metric, baseline, value, points, Math.abs(points) < tolerance.failRatioPoints()
                    || metric.better == Metric.Better.NONE ? Verdict.SAME : direction(metric, points));
        }
        Double change = null; // from 0 to anything else: no ratio
        if (baseline != 0) {
            change = (value - baseline) / Math.abs(baseline);
        } else if (value == 0) {
            change = 0.0;
        }
        boolean noise = change != null && Math.abs(change) < tolerance.relative()
                || metric.kind == Metric.Kind.MILLIS && Math.abs(value - baseline) < tolerance.absoluteMillis();
        return new Change(metric, baseline, value, change,
                noise || metric.better == Metric.Better.NONE ? Verdict.SAME : direction(metric, value - baseline));
    }

    private static Verdict direction(Metric metric, double difference) {
        boolean worse = metric.better == Metric.Better.LOWER ? difference > 0 : difference < 0;
        return worse ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
    }
}
