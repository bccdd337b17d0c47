package bench.jmh;

import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.EndpointTotals;
import dev.barrage.protocol.stats.RunStatistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the control plane's aggregator does with runner reports: merge 1,000 interval reports, 20 endpoints each, into
 * a {@link RunStatistics}, which also keeps the current 10 s window and appends a history row per report. The reports
 * come from {@code runners} runners, one report a second each (1 runner: 1,000 s of a run; 10 runners: 100 s), so the
 * 10 s window holds 10 x runners reports. One operation is one report merged; a 1,000-report merge is
 * {@code score / 1000} per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class MergeBenchmark {
    static final int REPORTS = 1_000;
    static final int ENDPOINTS = 20;
    static final int REQUESTS_PER_ENDPOINT = 500; // 10,000 requests per runner-second

    @Param({"1", "10"})
    int runners;

    List<IntervalReport> reports;
    long start;

    @Setup(Level.Trial)
    public void build() {
        start = 1_700_000_000_000L;
        long[] micros = Latencies.micros(1 << 20, 7);
        int next = 0;
        reports = new ArrayList<>(REPORTS);
        for (int r = 0; r < REPORTS; r++) {
            int runner = r % runners;
            long second = r / runners;
            List<EndpointInterval> endpoints = new ArrayList<>(ENDPOINTS);
            Map<ErrorKey, Long> errors = new HashMap<>();
            for (int e = 0; e < ENDPOINTS; e++) {
                EndpointKey key = new EndpointKey(e % 4 == 0 ? "POST" : "GET", "/api/endpoint-" + e);
                Histogram h = EndpointTotals.newHistogram();
                long sum = 0, min = Long.MAX_VALUE, max = 0, failures = 0;
                for (int i = 0; i < REQUESTS_PER_ENDPOINT; i++) {
                    long v = micros[next++ & ((1 << 20) - 1)] * (1 + e % 5); // endpoints differ in speed
                    h.recordValue(v);
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                if (e == 3) {
                    failures = 5;
                    errors.put(new ErrorKey(key.type(), key.name(), "HTTP 500 Internal Server Error"), failures);
                }
                endpoints.add(new EndpointInterval(key, REQUESTS_PER_ENDPOINT, failures, sum, min, max,
                        REQUESTS_PER_ENDPOINT * 512L, h));
            }
            long begin = start + second * 1000;
            reports.add(new IntervalReport("runner-" + runner, second, begin, begin + 1000, 100, endpoints, errors,
                    Map.of()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(REPORTS)
    public RunStatistics merge1000Reports() {
        RunStatistics stats = new RunStatistics(start, false);
        for (IntervalReport report : reports) {
            stats.accept(report);
        }
        return stats;
    }
}
