package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.ErrorKey;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.thresholds.ThresholdResult;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/** Runs made up for tests: merged statistics of a few intervals, their report, and events about them. */
public final class SampleRuns {
    public static final long START = 1_763_900_000_000L;

    private SampleRuns() {}

    /**
     * Four one-second intervals of GET /items/[id], POST /cart (some failing) and GET /cart, each already merged over
     * the runners, as the aggregator merges them.
     */
    public static RunStatistics statistics() {
        RunStatistics stats = new RunStatistics(START, true);
        Random random = new Random(42);
        long seq = 0;
        for (int second = 0; second < 4; second++) {
            List<EndpointInterval> endpoints = new ArrayList<>();
            endpoints.add(interval(new EndpointKey("GET", "/items/[id]"), 200, 0, 2_000, 40_000, random));
            endpoints.add(interval(new EndpointKey("POST", "/cart"), 50, 5, 10_000, 300_000, random));
            endpoints.add(interval(new EndpointKey("GET", "/cart"), 20, 0, 1_000, 5_000, random));
            stats.accept(new IntervalReport("merged", seq++, START + second * 1000L, START + (second + 1) * 1000L,
                    20, endpoints, Map.of(new ErrorKey("POST", "/cart", "500 Server Error"), 5L), Map.of()));
        }
        return stats;
    }

    private static EndpointInterval interval(EndpointKey key, int requests, int failures, long minMicros, long maxMicros,
            Random random) {
        Histogram h = new Histogram(3);
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < requests; i++) {
            long v = minMicros + (long) ((maxMicros - minMicros) * Math.pow(random.nextDouble(), 3));
            h.recordValue(v);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new EndpointInterval(key, requests, failures, sum, min, max, requests * 512L, h);
    }

    public static RunReport report() {
        RunStatistics stats = statistics();
        return RunReport.from(stats, new RunReport.RunInfo("Shop.java", "http://127.0.0.1:8099", 20, 10, START,
                stats.lastEndEpochMillis(), stats.users()));
    }

    public static RunEvent event(String type, RunReport report, Boolean thresholdsPassed, List<ThresholdResult> thresholds) {
        EndpointRow a = report == null ? null : report.aggregated();
        RunEvent.Summary summary = a == null ? null : new RunEvent.Summary(a.requests(), a.failures(), a.failRatio(),
                a.rps(), a.percentile("50%"), a.percentile("95%"), a.percentile("99%"), a.avgMillis(), a.maxMillis());
        return new RunEvent(type, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                type.substring("run.".length()), type.equals("run.failed") ? "runner 0 failed: <out of memory> & more" : null,
                "http://127.0.0.1:8099", 20, List.of("smoke", "Env:Staging"),
                new RunEvent.Git("acme/shop", "feature/cart", "0123456789abcdef0123456789abcdef01234567", 7), summary,
                OffsetDateTime.now(), thresholdsPassed, thresholds, null);
    }

    /** The event as if its run had been judged against a baseline where p95 of POST /cart went from 40 to 98 ms. */
    public static RunEvent regressed(RunEvent e) {
        var verdict = new dev.barrage.controlplane.compare.BaselineVerdict(UUID.fromString("0f6c0000-0000-4000-8000-000000000001"),
                dev.barrage.controlplane.compare.Tolerance.DEFAULT, false,
                List.of(new dev.barrage.controlplane.compare.BaselineVerdict.Regression("POST /cart",
                        dev.barrage.controlplane.compare.Metric.P95, 40, 98, 1.45)),
                List.of(), List.of("GET /new"));
        return new RunEvent(e.type(), e.runId(), e.accountId(), e.projectId(), e.status(), e.reason(), e.targetHost(),
                e.users(), e.tags(), e.git(), e.summary(), e.at(), e.thresholdsPassed(), e.thresholds(), verdict);
    }

    public static RunContext context(RunEvent event, RunReport report) {
        return new RunContext(event, "shop", "Shop.java", 30, report, "http://127.0.0.1:18090/runs/" + event.runId());
    }

    public static List<ThresholdResult> thresholds(boolean allPass) {
        return List.of(new ThresholdResult("p95<500ms", null, "p95", 500, 212.5, "212 ms", true),
                new ThresholdResult("POST /cart:fail_ratio<1%", "POST /cart", "fail_ratio", 0.01, 0.1,
                        "0.1000 (10.00%)", allPass));
    }
}
