package dev.barrage.runner.cli;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.engine.LoadEngine;
import dev.barrage.runner.engine.RunOptions;
import dev.barrage.runner.engine.RunResult;
import dev.barrage.runner.report.ConsoleReport;
import dev.barrage.runner.report.CsvReport;
import dev.barrage.runner.report.HtmlReport;
import dev.barrage.runner.report.JsonReport;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.thresholds.Threshold;
import dev.barrage.runner.thresholds.ThresholdWatch;
import dev.barrage.runner.thresholds.ThresholdResult;
import dev.barrage.runner.stats.RequestListener;
import dev.barrage.runner.stats.StatsRecorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One run on this machine without a control plane, like {@code locust --headless} or one run started from the local web
 * UI: the engine's interval reports are merged into the run's statistics, printed every few seconds, checked against
 * the thresholds that abort, and at the end judged against every threshold and written as reports. While it runs, its
 * user count can be changed and its statistics reset (the web UI's "edit" and "reset").
 */
public final class LocalRun {
    private static final Logger LOG = Logger.getLogger("barrage.run");

    /** Where the results go. Null paths are not written. */
    public record Outputs(String csvPrefix, boolean csvFullHistory, Path html, Path json, boolean onlySummary,
            long printIntervalMillis) {}

    private final ScenarioModel scenario;
    private final RunOptions options;
    private final Outputs outputs;
    private final PrintWriter out;
    private final List<RequestListener> listeners = new ArrayList<>();
    private volatile LoadEngine engine;
    private volatile boolean stopRequested;
    private final Object statsLock = new Object();
    /** Replaced by {@link #resetStatistics()}; guarded by statsLock. */
    private RunStatistics stats;
    private ThresholdWatch watch;
    private volatile int targetUsers;
    private volatile double spawnRate;
    private final List<String> written = new ArrayList<>();

    public LocalRun(ScenarioModel scenario, RunOptions options, Outputs outputs, PrintWriter out) {
        this.scenario = scenario;
        this.options = options;
        this.outputs = outputs;
        this.out = out;
        this.targetUsers = options.users();
        this.spawnRate = options.spawnRate();
    }

    public LocalRun addListener(RequestListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Stops the run early (Ctrl-C, the web UI); the reports are still written. */
    public void stop() {
        stopRequested = true;
        LoadEngine e = engine;
        if (e != null) {
            e.stop();
        }
    }

    /** True once the run was asked to stop (or its run time is up). */
    public boolean stopping() {
        LoadEngine e = engine;
        return stopRequested || e != null && e.stopping();
    }

    /**
     * The statistics so far (rates over the time since the start or the last reset), with the thresholds judged on
     * them as they stand (as the hosted console shows them live); null before the run started.
     */
    public RunReport liveReport() {
        synchronized (statsLock) {
            return stats == null ? null : report(stats, stats.startEpochMillis(), System.currentTimeMillis()).withOutcome(
                    watch.results(stats), scenario.arrivalRate() == null ? null : RunReport.Iterations.of(stats));
        }
    }

    /** Users running now; 0 before the run started. */
    public int runningUsers() {
        LoadEngine e = engine;
        return e == null ? 0 : e.runningUsers();
    }

    /** Locust's set-users: starts or stops users at the spawn rate until {@code users} run. */
    public void setUsers(int users, double rate) {
        if (scenario.shape() != null || scenario.arrivalRate() != null) {
            throw new IllegalStateException("the scenario's " + (scenario.shape() != null
                    ? scenario.shape().getSimpleName() + " (a load shape)" : "arrival rate")
                    + " sets the users of this run, not the user count");
        }
        LoadEngine e = engine;
        if (e == null || e.stopping()) {
            throw new IllegalStateException("the run is stopping: start a new one once it has stopped");
        }
        e.setTarget(users, rate);
        targetUsers = users;
        spawnRate = rate;
    }

    /**
     * Starts the statistics afresh (Locust's reset): what is counted from now on starts at the interval report that
     * ends after this call (the engine cuts one a second), and rates are over the time since.
     */
    public void resetStatistics() {
        synchronized (statsLock) {
            if (stats == null) {
                return;
            }
            long now = System.currentTimeMillis();
            stats = new RunStatistics(now, outputs.csvFullHistory());
            watch = new ThresholdWatch(scenario.thresholds(), now);
        }
    }

    /**
     * Runs and reports.
     *
     * @throws ScenarioException when the scenario could not go on (a load shape's bad answer); nothing is written
     */
    public RunReport run() throws InterruptedException, IOException, ScenarioException {
        long start = System.currentTimeMillis();
        StatsRecorder recorder = new StatsRecorder(nodeName(), start);
        listeners.forEach(recorder::addListener);
        synchronized (statsLock) {
            stats = new RunStatistics(start, outputs.csvFullHistory());
            watch = new ThresholdWatch(scenario.thresholds(), start);
        }
        engine = new LoadEngine(scenario, options, recorder);
        if (stopRequested) {
            engine.stop(); // asked before the engine existed
        }

        LOG.info(this::describeLoad);
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "barrage-printer");
            t.setDaemon(true);
            return t;
        });
        if (!outputs.onlySummary()) {
            printer.scheduleAtFixedRate(() -> {
                RunReport live;
                synchronized (statsLock) {
                    live = report(stats, stats.startEpochMillis(), System.currentTimeMillis());
                }
                print(ConsoleReport.statsTable(live, true));
            }, outputs.printIntervalMillis(), outputs.printIntervalMillis(), TimeUnit.MILLISECONDS);
        }
        RunResult result;
        try {
            result = engine.run(start, (IntervalReport r) -> {
                synchronized (statsLock) {
                    if (stats.accept(r)) {
                        watch.accept(r);
                    }
                    abortOnFailedThreshold(stats, watch);
                }
            });
        } finally {
            printer.shutdownNow();
        }
        if (result.usersKilled() > 0) {
            LOG.info(() -> result.usersKilled() + " users were still in a task after the stop timeout and were stopped"
                    + " (requests they had sent were answered and counted; none was sent after)");
        }
        if (result.scenarioError() != null) {
            throw new ScenarioException(scenario.file() + ": " + result.scenarioError());
        }
        RunReport finalReport;
        synchronized (statsLock) {
            finalReport = report(stats, stats.startEpochMillis(), result.endEpochMillis()).withOutcome(
                    watch.results(stats),
                    scenario.arrivalRate() == null ? null : RunReport.Iterations.of(stats));
        }
        print(ConsoleReport.statsTable(finalReport, false));
        print(ConsoleReport.percentileTable(finalReport));
        print(ConsoleReport.phaseTable(finalReport));
        print(ConsoleReport.errorReport(finalReport));
        print(ConsoleReport.exceptionReport(finalReport));
        print(ConsoleReport.outcome(finalReport));
        writeOutputs(finalReport);
        return finalReport;
    }

    /** k6's abortOnFail: a threshold that fails on the numbers so far stops the test (once past its grace). */
    private void abortOnFailedThreshold(RunStatistics stats, ThresholdWatch watch) {
        if (engine == null || engine.stopping()) {
            return;
        }
        watch.abortNow(stats).ifPresent(r -> {
            LOG.warning(() -> "Threshold " + r.threshold() + " failed (" + r.actualText() + "): stopping the test");
            engine.stop();
        });
    }

    private String describeLoad() {
        if (scenario.arrivalRate() != null) {
            var rate = scenario.arrivalRate();
            String rates = rate.stages().isEmpty() ? String.format(java.util.Locale.ROOT, "%.2f", rate.startRate())
                    : String.format(java.util.Locale.ROOT, "from %.2f through %d stages", rate.startRate(),
                            rate.stages().size());
            return rate.getClass().getSimpleName() + ": " + rates + " iterations per second, at most "
                    + rate.maxUsers() + " users (-u and -r are not used)";
        }
        if (scenario.shape() != null) {
            return scenario.shape().getSimpleName() + " drives the users (-u and -r are not used)";
        }
        return String.format(java.util.Locale.ROOT, "Ramping to %d users at a rate of %.2f per second",
                options.users(), options.spawnRate());
    }

    private RunReport report(RunStatistics stats, long start, long end) {
        return RunReport.from(stats, new RunReport.RunInfo(
                scenario.file(),
                options.host() == null ? "" : options.host().toString(),
                targetUsers,
                spawnRate,
                start,
                end,
                stats.users()));
    }

    private void writeOutputs(RunReport report) throws IOException {
        if (outputs.csvPrefix() != null) {
            CsvReport.write(report, outputs.csvPrefix(), outputs.csvFullHistory(), nodeName());
            written.add(outputs.csvPrefix() + "_{stats,stats_history,failures,exceptions}.csv");
            LOG.info(() -> "CSV files written: " + written.getLast());
        }
        if (outputs.html() != null) {
            HtmlReport.write(report, outputs.html());
            written.add(outputs.html().toString());
            LOG.info(() -> "HTML report written: " + outputs.html());
        }
        if (outputs.json() != null) {
            JsonReport.write(report, outputs.json());
            written.add(outputs.json().toString());
            LOG.info(() -> "JSON report written: " + outputs.json());
        }
    }

    /** The report files {@link #run} wrote, as given on the command line (a CSV prefix as its four files). */
    public List<String> written() {
        return List.copyOf(written);
    }

    private void print(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        out.print(sb.append('\n'));
        out.flush();
    }

    public static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "_" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "local_" + ProcessHandle.current().pid();
        }
    }

}
