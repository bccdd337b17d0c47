package bench.jmh;

import java.util.SplittableRandom;

/** Response times that look like a web service's: log-normal around 2 ms, a long tail, some slow outliers. */
final class Latencies {
    private Latencies() {}

    /** {@code n} response times in microseconds, from 50 µs to about 30 s, seeded so every run gets the same ones. */
    static long[] micros(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            double gaussian = gaussian(random);
            double millis = Math.exp(Math.log(2.0) + 0.9 * gaussian); // median 2 ms
            if (random.nextInt(1000) == 0) {
                millis *= 50 + random.nextInt(500);                    // 0.1 %: a slow outlier, up to ~30 s
            }
            out[i] = Math.max(50, Math.round(millis * 1000));
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
