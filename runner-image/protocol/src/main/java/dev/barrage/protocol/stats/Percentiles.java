package dev.barrage.protocol.stats;

import java.util.List;

/** The percentiles Locust reports, in its order and with its column labels. */
public final class Percentiles {
    public static final double[] REPORTED = {0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0};
    public static final List<String> LABELS =
            List.of("50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%");

    private Percentiles() {}
}
