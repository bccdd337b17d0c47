package dev.barrage.runner.engine;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.TestScenarios;
import dev.barrage.runner.scenario.CompiledScenario;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.stats.StatsRecorder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs a test scenario in this JVM and keeps every request as it was recorded, with the user thread that made it. */
record EngineRun(RunResult result, RunStatistics stats, List<Event> events, List<IntervalReport> reports) {

    record Event(String type, String name, long micros, String error, String thread) {}

    static CompiledScenario compile(String scenario, Path dir) throws Exception {
        return new ScenarioCompiler().compile(TestScenarios.copy(scenario, dir));
    }

    static ScenarioModel model(String scenario, Path dir) throws Exception {
        return ScenarioModel.of(compile(scenario, dir));
    }

    static RunOptions options(URI host, int users, double rate, Duration runTime, Duration stopTimeout) {
        return new RunOptions(host, users, rate, runTime, stopTimeout, Duration.ofMillis(250), Map.of());
    }

    static EngineRun of(ScenarioModel model, RunOptions options) throws InterruptedException {
        long start = System.currentTimeMillis();
        StatsRecorder recorder = new StatsRecorder("test-" + options.runnerIndex(), start);
        List<Event> events = new CopyOnWriteArrayList<>();
        recorder.addListener((type, name, micros, bytes, error, phases) ->
                events.add(new Event(type, name, micros, error, Thread.currentThread().getName())));
        RunStatistics stats = new RunStatistics(start, false);
        List<IntervalReport> reports = new CopyOnWriteArrayList<>();
        RunResult result = new LoadEngine(model, options, recorder).run(start, r -> {
            reports.add(r);
            synchronized (stats) {
                stats.accept(r);
            }
        });
        return new EngineRun(result, stats, List.copyOf(events), List.copyOf(reports));
    }

    long count(String type, String name) {
        return events.stream().filter(e -> e.type().equals(type) && e.name().equals(name)).count();
    }

    /** The names recorded by each user thread, in order. */
    Map<String, List<String>> namesByUser() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Event e : events) {
            out.computeIfAbsent(e.thread(), t -> new ArrayList<>()).add(e.name());
        }
        return out;
    }

    /** Within {@code sigmas} standard deviations of a binomial(n, p) count. */
    static boolean binomiallyClose(long observed, long n, double p, double sigmas) {
        double sd = Math.sqrt(n * p * (1 - p));
        return Math.abs(observed - n * p) <= sigmas * sd;
    }
}
