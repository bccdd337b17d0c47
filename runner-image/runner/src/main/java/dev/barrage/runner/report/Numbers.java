package dev.barrage.runner.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting shared by the reports. */
final class Numbers {
    private Numbers() {}

    /** Milliseconds for a table cell: two decimals below 10 ms, one below 100 ms, whole numbers above. */
    static String millis(double ms) {
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%d", Math.round(ms));
    }

    /** A decimal for CSV: plain notation, at most {@code decimals} places, trailing zeros dropped, "12" not "12.0". */
    static String plain(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0";
        }
        return d.toPlainString();
    }

    /** Like {@link #plain} but always with a decimal point, as Python prints floats ("12.0"). */
    static String pyFloat(double value, int decimals) {
        String s = plain(value, decimals);
        return s.contains(".") ? s : s + ".0";
    }
}
