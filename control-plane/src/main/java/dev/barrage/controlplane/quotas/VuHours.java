package dev.barrage.controlplane.quotas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** VU-hours as people read them, from the user-milliseconds everything is counted in. */
public final class VuHours {
    public static final long MILLIS_PER_HOUR = 3_600_000L;

    private VuHours() {}

    public static BigDecimal of(long userMillis) {
        return BigDecimal.valueOf(userMillis).divide(BigDecimal.valueOf(MILLIS_PER_HOUR), 3, RoundingMode.HALF_UP);
    }

    public static long toMillis(BigDecimal vuHours) {
        return vuHours.multiply(BigDecimal.valueOf(MILLIS_PER_HOUR)).setScale(0, RoundingMode.DOWN).longValueExact();
    }
}
