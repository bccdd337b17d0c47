package dev.barrage.protocol.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run's time series says without anyone reading the charts: the point where throughput stopped rising while
 * users kept rising (the knee), a jump in the failure rate, and a response-time trend while the users held steady.
 * Computed from the aggregated history rows (one a second) only, so the runner's own reports and the control plane's
 * report find the same things.
 *
 * <ul>
 *   <li><b>Knee</b>: requests per second against users is fitted with a line that turns flat at some user count
 *       {@code k} ({@code rps = a + b·min(users, k)}, least squares over the user counts seen and 200 steps between
 *       the fewest and the most), each second's throughput set against the mean of the users at its start and end. It is a finding
 *       when the bent line explains the points much better than a straight one (at most half the squared error), the
 *       users went on to at least 1.2·k for 3 s or more, and throughput beyond {@code k} (the mean of those rows) grew, relative to
 *       the plateau, by less than a fifth of what the users grew relative to {@code k}. Reported: when the users first reached {@code k}, {@code k} rounded ({@code before}: unrounded), the throughput there (the
 *       fit's plateau {@code a + b·k}), and the users and throughput at the end of the rise.</li>
 *   <li><b>Failure jump</b>: the second that splits the run into a before and an after whose failure ratios differ
 *       most (each side at least 3 s with requests). A finding when the ratio rose by 5 points or more and at least
 *       doubled. Reported: the start of that second's interval (the jump lies within the second after it), the ratios before and after, users and throughput there.</li>
 *   <li><b>Response-time trend</b>: in each plateau of at least 8 s with constant users (its first 2 s left out, as the
 *       users settle), the per-second median response time fitted against time. A finding when the line explains it
 *       (r² ≥ 0.5) and moves by at least 20 % of its start and 5 ms over the plateau. Reported: the plateau's start and
 *       end, users, the slope in ms per second, the fitted median at both ends, and the throughput.</li>
 * </ul>
 */
public final class Findings {
    public static final String KNEE = "knee";
    public static final String FAILURE_JUMP = "failureJump";
    public static final String RESPONSE_TIME_TREND = "responseTimeTrend";

    static final int MIN_SIDE_SECONDS = 3;
    static final int MIN_PLATEAU_SECONDS = 8;
    static final int SETTLE_SECONDS = 2;
    /** Knee positions tried between the fewest and most users, besides the users seen. */
    static final int KNEE_GRID = 200;

    private Findings() {}

    /**
     * One finding. {@code atSecond} is seconds since the run's start; {@code endSecond} the end of what it covers (the
     * plateau of a trend, the end of the rise after a knee). {@code before}/{@code after} are the failure ratios of a
     * jump, or the fitted medians (ms) at the plateau's start and end of a trend, or the knee's users before rounding and
     * the users at the end of the rise; {@code rate} is the trend's slope in ms per second (0 otherwise).
     */
    public record Finding(String kind, long atEpochMillis, double atSecond, double endSecond, int users, double rps,
            double before, double after, double rate, String summary) {}

    /** The findings of a run, in time order; the rows are the aggregated history (rows of endpoints are skipped). */
    public static List<Finding> of(List<HistoryRow> history, long startEpochMillis) {
        List<HistoryRow> rows = history.stream().filter(HistoryRow::aggregated).toList();
        List<Finding> found = new ArrayList<>();
        if (rows.size() < 2 * MIN_SIDE_SECONDS) {
            return found;
        }
        double[] t = new double[rows.size()];
        double[] rps = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            t[i] = (rows.get(i).epochMillis() - startEpochMillis) / 1000.0;
            double dt = i == 0 ? 1.0 : Math.max(0.5, (rows.get(i).epochMillis() - rows.get(i - 1).epochMillis()) / 1000.0);
            rps[i] = rows.get(i).intervalRequests() / dt;
        }
        Finding knee = knee(rows, t, rps);
        if (knee != null) {
            found.add(knee);
        }
        Finding jump = failureJump(rows, t, rps);
        if (jump != null) {
            found.add(jump);
        }
        found.addAll(trends(rows, t, rps));
        found.sort(java.util.Comparator.comparingDouble(Finding::atSecond));
        return List.copyOf(found);
    }

    static Finding knee(List<HistoryRow> rows, double[] t, double[] rps) {
        // the rise: from the first row with requests to the row where the users peak
        int first = -1;
        int peak = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (first < 0 && rows.get(i).intervalRequests() > 0) {
                first = i;
            }
            if (rows.get(i).users() > rows.get(peak).users()) {
                peak = i;
            }
        }
        if (first < 0) {
            return null;
        }
        // keep the rows of the rise and the hold at the peak (not the wind-down)
        int last = peak;
        while (last + 1 < rows.size() && rows.get(last + 1).users() == rows.get(peak).users()) {
            last++;
        }
        int n = last - first + 1;
        if (n < 2 * MIN_SIDE_SECONDS) {
            return null;
        }
        // the throughput of an interval belongs to the users during it: the mean of its start and end counts
        double[] u = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int row = first + i;
            u[i] = (rows.get(row).users() + (row == 0 ? 0 : rows.get(row - 1).users())) / 2.0;
            y[i] = rps[first + i];
        }
        double straight = fit(u, y, Double.POSITIVE_INFINITY)[2];
        double lowest = java.util.Arrays.stream(u).min().orElse(0);
        double highest = java.util.Arrays.stream(u).max().orElse(0);
        java.util.SortedSet<Double> candidates = new java.util.TreeSet<>();
        for (double x : u) {
            candidates.add(x);
        }
        for (int g = 0; g <= KNEE_GRID; g++) {
            candidates.add(lowest + (highest - lowest) * g / KNEE_GRID);
        }
        double bestK = Double.NaN;
        double[] best = null;
        for (double k : candidates) {
            double[] f = fit(u, y, k);
            if (f[1] > 0 && (best == null || f[2] < best[2])) {
                best = f;
                bestK = k;
            }
        }
        if (best == null || !(best[2] <= 0.5 * straight)) {
            return null;
        }
        double maxUsers = rows.get(peak).users();
        int beyond = 0;
        for (int i = 0; i < n; i++) {
            if (u[i] >= 1.2 * bestK) {
                beyond++;
            }
        }
        if (maxUsers < 1.2 * bestK || beyond < MIN_SIDE_SECONDS) {
            return null;
        }
        double plateau = best[0] + best[1] * bestK;
        // the throughput beyond k: the mean of the rows at 1.2·k users or more
        double sumBeyond = 0;
        for (int i = 0; i < n; i++) {
            if (u[i] >= 1.2 * bestK) {
                sumBeyond += y[i];
            }
        }
        double rpsBeyond = sumBeyond / beyond;
        double userGrowth = maxUsers / bestK - 1;
        double rpsGrowth = plateau > 0 ? rpsBeyond / plateau - 1 : 0;
        if (rpsGrowth >= 0.2 * userGrowth) {
            return null;
        }
        int at = first;
        while (at < first + n - 1 && u[at - first] < bestK) {
            at++;
        }
        int kneeUsers = (int) Math.round(bestK);
        double riseEnd = t[peak];
        String summary = String.format(Locale.ROOT, "Throughput stopped rising at %d users (%.1f s): %.1f req/s there, "
                + "%.1f req/s with %d users by %.1f s", kneeUsers, t[at], plateau, rpsBeyond, (int) maxUsers, riseEnd);
        return new Finding(KNEE, rows.get(at).epochMillis(), t[at], riseEnd, kneeUsers, plateau, bestK, maxUsers, 0,
                summary);
    }

    /** Least squares of {@code y = a + b·min(x, k)}: {a, b, squared error}. */
    static double[] fit(double[] x, double[] y, double k) {
        int n = x.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double xi = Math.min(x[i], k);
            sx += xi;
            sy += y[i];
            sxx += xi * xi;
            sxy += xi * y[i];
        }
        double d = n * sxx - sx * sx;
        double b = d == 0 ? 0 : (n * sxy - sx * sy) / d;
        double a = (sy - b * sx) / n;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - a - b * Math.min(x[i], k);
            sse += e * e;
        }
        return new double[] {a, b, sse};
    }

    static Finding failureJump(List<HistoryRow> rows, double[] t, double[] rps) {
        List<Integer> withRequests = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).intervalRequests() > 0) {
                withRequests.add(i);
            }
        }
        int n = withRequests.size();
        if (n < 2 * MIN_SIDE_SECONDS) {
            return null;
        }
        long[] req = new long[n + 1];
        long[] fail = new long[n + 1];
        for (int i = 0; i < n; i++) {
            HistoryRow r = rows.get(withRequests.get(i));
            req[i + 1] = req[i] + r.intervalRequests();
            fail[i + 1] = fail[i] + r.intervalFailures();
        }
        int bestSplit = -1;
        double bestRise = 0;
        for (int s = MIN_SIDE_SECONDS; s <= n - MIN_SIDE_SECONDS; s++) {
            double before = (double) fail[s] / req[s];
            double after = (double) (fail[n] - fail[s]) / (req[n] - req[s]);
            if (after - before > bestRise) {
                bestRise = after - before;
                bestSplit = s;
            }
        }
        if (bestSplit < 0) {
            return null;
        }
        double before = (double) fail[bestSplit] / req[bestSplit];
        double after = (double) (fail[n] - fail[bestSplit]) / (req[n] - req[bestSplit]);
        if (after - before < 0.05 || after < 2 * before) {
            return null;
        }
        int at = withRequests.get(bestSplit);
        HistoryRow row = rows.get(at);
        // the jump happened within this row's interval: report its start
        long startMillis = at == 0 ? row.epochMillis() - 1000 : rows.get(at - 1).epochMillis();
        double atSecond = at == 0 ? t[at] - 1 : t[at - 1];
        String summary = String.format(Locale.ROOT, "Failures jumped at %.1f s: %.1f %% of requests failed before, "
                + "%.1f %% after (%d users, %.1f req/s)", atSecond, 100 * before, 100 * after, row.users(), rps[at]);
        return new Finding(FAILURE_JUMP, startMillis, atSecond, t[rows.size() - 1], row.users(), rps[at], before,
                after, 0, summary);
    }

    static List<Finding> trends(List<HistoryRow> rows, double[] t, double[] rps) {
        List<Finding> found = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= rows.size(); i++) {
            if (i == rows.size() || rows.get(i).users() != rows.get(start).users()) {
                Finding f = trend(rows, t, rps, start + SETTLE_SECONDS, i - 1);
                if (f != null) {
                    found.add(f);
                }
                start = i;
            }
        }
        return found;
    }

    private static Finding trend(List<HistoryRow> rows, double[] t, double[] rps, int from, int to) {
        if (from > to || rows.get(from).users() == 0) {
            return null;
        }
        List<double[]> points = new ArrayList<>();
        double rpsSum = 0;
        for (int i = from; i <= to; i++) {
            HistoryRow r = rows.get(i);
            if (r.intervalRequests() > 0 && Double.isFinite(r.intervalP50Millis())) {
                points.add(new double[] {t[i], r.intervalP50Millis()});
                rpsSum += rps[i];
            }
        }
        if (points.size() < MIN_PLATEAU_SECONDS - SETTLE_SECONDS || t[to] - t[from] < MIN_PLATEAU_SECONDS - SETTLE_SECONDS - 1) {
            return null;
        }
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        double[] f = fit(x, y, Double.POSITIVE_INFINITY);
        double mean = java.util.Arrays.stream(y).average().orElse(0);
        double total = 0;
        for (double v : y) {
            total += (v - mean) * (v - mean);
        }
        double r2 = total == 0 ? 0 : 1 - f[2] / total;
        double atStart = f[0] + f[1] * x[0];
        double atEnd = f[0] + f[1] * x[x.length - 1];
        double change = atEnd - atStart;
        if (r2 < 0.5 || Math.abs(change) < 5 || Math.abs(change) < 0.2 * Math.max(atStart, 0.001)) {
            return null;
        }
        int users = rows.get(from).users();
        double meanRps = rpsSum / points.size();
        String summary = String.format(Locale.ROOT, "Response times %s while %d users held steady from %.1f s to %.1f s: "
                + "median %.1f ms → %.1f ms (%+.2f ms per second, r² %.2f), %.1f req/s",
                change > 0 ? "grew" : "fell", users, x[0], x[x.length - 1], atStart, atEnd, f[1], r2, meanRps);
        return new Finding(RESPONSE_TIME_TREND, rows.get(from).epochMillis(), x[0], x[x.length - 1], users, meanRps,
                atStart, atEnd, f[1], summary);
    }
}
