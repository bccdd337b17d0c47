package dev.barrage.controlplane.compare;

import dev.barrage.controlplane.security.ProblemException;

/**
 * How much worse a number must get to count as a regression (and better to count as an improvement).
 *
 * @param relative        times and rates: the relative change, 0.10 = 10 %
 * @param absoluteMillis  times: changes smaller than this many milliseconds are noise, whatever their ratio
 * @param failRatioPoints the failure ratio: a change in points, as a ratio (0.005 = half a percentage point)
 */
public record Tolerance(double relative, double absoluteMillis, double failRatioPoints) {
    public static final Tolerance DEFAULT = new Tolerance(0.10, 1, 0.005);

    /** The default for every part left out. */
    public static Tolerance of(Double relative, Double absoluteMillis, Double failRatioPoints) {
        Tolerance t = new Tolerance(relative == null ? DEFAULT.relative : relative,
                absoluteMillis == null ? DEFAULT.absoluteMillis : absoluteMillis,
                failRatioPoints == null ? DEFAULT.failRatioPoints : failRatioPoints);
        t.check();
        return t;
    }

    void check() {
        check("relative", relative, 10);
        check("absoluteMillis", absoluteMillis, 3_600_000);
        check("failRatioPoints", failRatioPoints, 1);
    }

    private static void check(String field, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw ProblemException.badRequest(field + " must be a number from 0 to " + (long) max + "; it is " + value)
                    .with("field", field);
        }
    }
}
