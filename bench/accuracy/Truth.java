import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The true response-time quantiles of an accuracy run, from the demo target's side: its GET /latency sleeps
 * {@code min + random.nextInt(max - min + 1)} ms, drawn from {@code new SplittableRandom(seed + 1)} in the order the
 * requests arrive (see DemoTarget). Given how many /latency requests the target received, this replays the same
 * draws and prints their quantiles as JSON, with the nearest-rank rule HdrHistogram and wrk use
 * (the value at rank round(p * n)).
 *
 *   java bench/accuracy/Truth.java COUNT SEED MIN_MS MAX_MS
 */
public class Truth {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        int min = Integer.parseInt(args[2]);
        int max = Integer.parseInt(args[3]);
        SplittableRandom random = new SplittableRandom(seed + 1);
        int[] ms = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            ms[i] = min + random.nextInt(max - min + 1);
            sum += ms[i];
        }
        Arrays.sort(ms);
        System.out.printf("{\"requests\": %d, \"mean_ms\": %.3f, \"p50_ms\": %d, \"p95_ms\": %d, \"p99_ms\": %d}%n",
                n, n == 0 ? 0.0 : (double) sum / n, rank(ms, 50), rank(ms, 95), rank(ms, 99));
    }

    private static int rank(int[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        long r = Math.max(1, (long) (percentile / 100.0 * sorted.length + 0.5));
        return sorted[(int) Math.min(sorted.length, r) - 1];
    }
}
