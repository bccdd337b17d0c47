package dev.barrage.controlplane.runs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Locust's time spans, as the runner's {@code -t} takes them: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 90}. */
final class TimeSpans {
    private static final Pattern SPAN = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private TimeSpans() {}

    /** Seconds, or -1 when the text is not a time span. */
    static long seconds(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("\\d{1,9}")) {
            return Long.parseLong(t);
        }
        Matcher m = SPAN.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            return -1;
        }
        long s = 0;
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) != null) {
                if (m.group(g).length() > 7) {
                    return -1;
                }
                s += Long.parseLong(m.group(g)) * (g == 1 ? 3600 : g == 2 ? 60 : 1);
            }
        }
        return s;
    }
}
