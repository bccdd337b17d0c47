package dev.barrage.controlplane.quotas;

import dev.barrage.runner.scenario.LoadProfile;
import java.util.List;

/**
 * What a run will be charged up front, in user-milliseconds, and why: the one figure both the estimate
 * ({@code POST /api/projects/{id}/runs/estimate}) reports and the start of the run holds against the balance.
 *
 * <ul>
 *   <li>{@code users}: no shape — users × duration.</li>
 *   <li>{@code stages}: a load shape's listed stages integrated (users ramp in straight lines at each stage's spawn
 *       rate, then hold), until the last stage ends or the run's duration, whichever is first.</li>
 *   <li>{@code arrivalRate}: an open model — its {@code maxUsers} (the most users it may ever have) × its length (the
 *       stages' total, or the run's duration for a constant rate, whichever is shorter): an upper bound.</li>
 *   <li>{@code tickShape}: a shape computing its curve in {@code tick()} cannot be known before it runs, so it is
 *       priced as the request's users × duration, like a version uploaded before load profiles were recorded
 *       ({@code unknown}).</li>
 * </ul>
 *
 * The hold is released as the run is metered: the ledger always records what actually ran.
 *
 * @param peakUsers the most users at once (checked against the plan's users per run)
 * @param seconds how long the users are charged for
 */
public record RunCost(String basis, String description, long userMillis, int peakUsers, double seconds,
        List<LoadProfile.Stage> stages) {

    public static RunCost of(LoadProfile profile, int users, long durationSeconds) {
        if (profile == null) {
            return usersTimesDuration("unknown", users, durationSeconds,
                    " (this version was uploaded before load shapes were recorded; upload it again to price its shape)");
        }
        return switch (profile.kind()) {
            case USERS -> usersTimesDuration("users", users, durationSeconds, "");
            case TICK -> usersTimesDuration("tickShape", users, durationSeconds, "; " + profile.shapeName()
                    + " computes its users in tick(), which cannot be known before it runs");
            case STAGES -> stages(profile, durationSeconds);
            case ARRIVAL_RATE -> {
                Double stagesSeconds = profile.stagesSeconds();
                double seconds = stagesSeconds == null ? durationSeconds : Math.min(durationSeconds, stagesSeconds);
                long millis = (long) Math.ceil(profile.maxUsers() * seconds * 1000);
                yield new RunCost("arrivalRate", "at most " + profile.maxUsers() + " users (" + profile.shapeName()
                        + "'s maxUsers) for " + number(seconds) + " s", millis, profile.maxUsers(), seconds,
                        profile.stages());
            }
        };
    }

    private static RunCost usersTimesDuration(String basis, int users, long seconds, String note) {
        return new RunCost(basis, users + " users for " + seconds + " s" + note,
                Math.multiplyExact((long) users, seconds) * 1000, users, seconds, List.of());
    }

    /** The user curve of the stages, integrated exactly: ramps are straight lines, holds are rectangles. */
    private static RunCost stages(LoadProfile profile, long durationSeconds) {
        double t = 0;
        double u = 0;
        double area = 0;
        double peak = 0;
        for (LoadProfile.Stage stage : profile.stages()) {
            double end = Math.min(t + stage.seconds(), durationSeconds);
            if (end <= t) {
                break;
            }
            double slope = stage.users() > u ? stage.rate() : stage.users() < u ? -stage.rate() : 0;
            double ramp = slope == 0 ? 0 : Math.abs(stage.users() - u) / stage.rate();
            double rampLength = Math.min(ramp, end - t);
            area += u * rampLength + slope * rampLength * rampLength / 2;
            u += slope * rampLength;
            double hold = end - t - rampLength;
            if (hold > 0) {
                u = stage.users();
                area += u * hold;
            }
            peak = Math.max(peak, u);
            t = end;
        }
        long millis = (long) Math.ceil(area * 1000 - 1e-6);
        return new RunCost("stages", profile.shapeName() + "'s " + profile.stages().size() + " stages integrated over "
                + number(t) + " s (" + number(area) + " user-seconds, at most " + (int) Math.ceil(peak) + " users)",
                millis, (int) Math.ceil(peak), t, profile.stages());
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(java.util.Locale.ROOT, "%.3f", d)
                .replaceAll("0+$", "");
    }
}
