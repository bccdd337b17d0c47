package dev.barrage.runner.webui;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code POST /swarm} asks for, read from Locust's form fields: {@code user_count} and {@code spawn_rate} (Locust
 * 1.x and 2.x), or {@code locust_count} and {@code hatch_rate} (0.x, which older how-tos and scripts still send);
 * {@code host} and {@code run_time} are optional. A missing field takes the session's default (the -u, -r, -H flags).
 *
 * @param host null to keep the session's host
 * @param runTime null to run until stopped
 */
public record Swarm(int users, double spawnRate, String host, Duration runTime) {

    /** A field that cannot be read: the message names it, its value and what it should be. */
    public static final class BadField extends Exception {
        public BadField(String message) {
            super(message);
        }
    }

    static Swarm fromForm(Map<String, String> form, Swarm defaults, Function<String, Duration> timeSpan)
            throws BadField {
        int users = defaults.users();
        String usersField = first(form, "user_count", "locust_count");
        if (usersField != null) {
            users = wholeNumber(usersField, form.get(usersField));
            if (users < 1) {
                throw new BadField(usersField + " must be 1 or more, got " + users);
            }
        }
        double rate = defaults.spawnRate();
        String rateField = first(form, "spawn_rate", "hatch_rate");
        if (rateField != null) {
            String v = form.get(rateField).strip();
            try {
                rate = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new BadField(rateField + " must be a number of users per second, e.g. 10 or 0.5, got '" + v + "'");
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new BadField(rateField + " must be a positive number of users per second, got '" + v + "'");
            }
        }
        String host = blankToNull(form.get("host"));
        Duration runTime = defaults.runTime();
        String runTimeField = blankToNull(form.get("run_time"));
        if (form.containsKey("run_time")) {
            runTime = null; // an empty run_time in the form: until stopped
        }
        if (runTimeField != null) {
            try {
                runTime = timeSpan.apply(runTimeField);
            } catch (RuntimeException e) {
                throw new BadField("run_time: " + e.getMessage());
            }
            if (runTime.isZero()) {
                throw new BadField("run_time must be longer than 0s");
            }
        }
        return new Swarm(users, rate, host == null ? defaults.host() : host, runTime);
    }

    private static String first(Map<String, String> form, String name, String oldName) {
        if (blankToNull(form.get(name)) != null) {
            return name;
        }
        return blankToNull(form.get(oldName)) != null ? oldName : null;
    }

    private static int wholeNumber(String field, String value) throws BadField {
        String v = value.strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadField(field + " must be a whole number of users, e.g. 50, got '" + v + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    String describe() {
        return String.format(Locale.ROOT, "%d users at %.2f/s%s%s", users, spawnRate, host == null ? "" : " on " + host,
                runTime == null ? "" : " for " + runTime.toSeconds() + " s");
    }
}
