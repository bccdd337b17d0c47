package bench.jmh;

import dev.barrage.runner.stats.StatsRecorder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What every request costs the runner after its response arrived: {@code StatsRecorder.record}, the one call each
 * virtual user makes per request. All threads record into the same endpoint ("GET /"), as users of a load test mostly
 * do, so the two-thread case shows the contention on that endpoint's lock. The recorder is cut every iteration, as the
 * runner cuts it every second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordBenchmark {
    private static final int VALUES = 1 << 16; // a power of two, indexed with a mask

    @State(Scope.Benchmark)
    public static class Recorder {
        StatsRecorder recorder;
        long[] micros;

        @Setup(Level.Trial)
        public void create() {
            recorder = new StatsRecorder("bench-runner", System.currentTimeMillis());
            micros = Latencies.micros(VALUES, 42);
        }

        @Setup(Level.Iteration)
        public void cut() {
            recorder.cut(System.currentTimeMillis(), 50);
        }
    }

    /** Each thread walks the latencies from its own offset. */
    @State(Scope.Thread)
    public static class Cursor {
        int i = (int) (Thread.currentThread().threadId() * 7919) & (VALUES - 1);
    }

    @Benchmark
    @Threads(1)
    public void record1Thread(Recorder r, Cursor c) {
        record(r, c);
    }

    @Benchmark
    @Threads(2)
    public void record2Threads(Recorder r, Cursor c) {
        record(r, c);
    }

    private static void record(Recorder r, Cursor c) {
        int i = c.i = (c.i + 1) & (VALUES - 1);
        long micros = r.micros[i];
        r.recorder.record("GET", "/", micros, 1024, (i & 1023) == 0 ? "HTTP 503 Service Unavailable" : null);
    }
}
