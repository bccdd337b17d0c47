package dev.barrage.runner.engine;

import dev.barrage.scenario.ArrivalRate;
import java.util.List;

/**
 * A rate that moves linearly from one stage's target to the next (k6's ramping-arrival-rate); the schedule ends with
 * the last stage. Within a stage of length T going from rate a to rate b, the iterations started after t seconds are
 * a·t + (b − a)·t²/(2T); the due time of an iteration is the root of that quadratic.
 */
final class RampingArrivalRate implements ArrivalSchedule {
    private final double[] fromRate;
    private final double[] toRate;
    private final double[] seconds;
    private final double[] iterationsBefore;
    private final double[] startSeconds;

    RampingArrivalRate(double startRate, List<ArrivalRate.Stage> stages) {
        int n = stages.size();
        fromRate = new double[n];
        toRate = new double[n];
        seconds = new double[n];
        iterationsBefore = new double[n + 1];
        startSeconds = new double[n + 1];
        double rate = startRate;
        for (int i = 0; i < n; i++) {
            ArrivalRate.Stage s = stages.get(i);
            fromRate[i] = rate;
            toRate[i] = s.target();
            seconds[i] = s.duration().toNanos() / 1e9;
            iterationsBefore[i + 1] = iterationsBefore[i] + (fromRate[i] + toRate[i]) / 2 * seconds[i];
            startSeconds[i + 1] = startSeconds[i] + seconds[i];
            rate = s.target();
        }
    }

    /** Iterations due in the whole schedule. */
    double total() {
        return iterationsBefore[iterationsBefore.length - 1];
    }

    @Override
    public long dueNanos(long n) {
        double wanted = n + 0.5;
        for (int i = 0; i < seconds.length; i++) {
            if (wanted < iterationsBefore[i + 1]) {
                double k = wanted - iterationsBefore[i];
                double a = fromRate[i];
                double slope = (toRate[i] - a) / seconds[i];
                // a·t + slope·t²/2 = k, written so that it holds for slope 0 and does not cancel
                double t = 2 * k / (a + Math.sqrt(Math.max(0, a * a + 2 * slope * k)));
                return Math.round((startSeconds[i] + Math.min(t, seconds[i])) * 1e9);
            }
        }
        return -1;
    }
}
