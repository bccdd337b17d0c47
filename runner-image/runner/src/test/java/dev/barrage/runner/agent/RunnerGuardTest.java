package dev.barrage.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.engine.LoadEngine;
import dev.barrage.runner.engine.RunOptions;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.stats.StatsRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's containment of what the hosted rules cannot see, each limit broken for real in this JVM (the guard's
 * abort is recorded here instead of ending the process): a deadline, virtual threads starved by code that never waits,
 * too many threads, a System.exit from somewhere else than the runner; and an engine that names where its users are
 * stuck.
 */
class RunnerGuardTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final CompletableFuture<String> aborted = new CompletableFuture<>();

    private RunnerGuard guard(Duration starvation, int maxThreads) {
        return new RunnerGuard(new RunnerGuard.Limits(LONG, LONG, starvation, maxThreads), aborted::complete);
    }

    private String abortReason() throws Exception {
        return aborted.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aPhaseOverItsDeadlineIsAbortedWithItsReason() throws Exception {
        try (RunnerGuard guard = guard(LONG, 100_000)) {
            guard.deadline(Duration.ofMillis(200), () -> "loading took too long");
            assertThat(abortReason()).isEqualTo("loading took too long");
        }
    }

    @Test
    void codeHoldingEveryCarrierThreadIsFoundAndNamed() throws Exception {
        AtomicBoolean spin = new AtomicBoolean(true);
        int carriers = Runtime.getRuntime().availableProcessors();
        try (RunnerGuard guard = guard(Duration.ofSeconds(1), 100_000)) {
            guard.watchLoad(() -> List.of("Spin.spin(Spin.java:5): " + carriers + " threads"));
            for (int i = 0; i <= carriers; i++) {
                Thread.ofVirtual().start(() -> {
                    while (spin.get()) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertThat(abortReason()).startsWith("scenario code held every carrier thread for 1 s without ever waiting")
                    .endsWith("; busy at Spin.spin(Spin.java:5): " + carriers + " threads");
        } finally {
            spin.set(false);
        }
    }

    @Test
    void tooManyThreadsAreFoundWithTheirCommonName() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> hogs = new ArrayList<>();
        int limit = Thread.activeCount() + 20;
        try (RunnerGuard guard = guard(LONG, limit)) {
            for (int i = 0; i < 40; i++) {
                hogs.add(Thread.ofPlatform().daemon().name("hog-" + i).start(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            assertThat(abortReason()).startsWith("the scenario started too many threads: ")
                    .contains("the limit is " + limit).endsWith("; most are named hog-# (40)");
        } finally {
            release.countDown();
            for (Thread t : hogs) {
                t.join();
            }
        }
    }

    @Test
    void anExitCalledFromScenarioCodeIsAFailureNamingTheCaller() throws Exception {
        try (RunnerGuard guard = guard(LONG, 100_000)) {
            // what Shutdown.exit logs, as the JDK logs it, for a call from a scenario
            Throwable call = new Throwable("Runtime.exit(7)");
            call.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.lang.Shutdown", "exit", "Shutdown.java", 160),
                new StackTraceElement("java.lang.Runtime", "exit", "Runtime.java", 180),
                new StackTraceElement("java.lang.System", "exit", "System.java", 1900),
                new StackTraceElement("Quit", "leave", "Quit.java", 4)});
            Logger.getLogger("java.lang.Runtime").log(Level.FINE, "Runtime.exit() called with status: 7", call);
            assertThat(abortReason())
                    .isEqualTo("the scenario ended the runner process: System.exit(7) called at Quit.leave(Quit.java:4)");
        }
    }

    @Test
    void theRunnersOwnExitAndSignalsAreNoFailure() throws Exception {
        try (RunnerGuard guard = guard(LONG, 100_000)) {
            Throwable own = new Throwable("Runtime.exit(0)");
            own.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.lang.Shutdown", "exit", "Shutdown.java", 160),
                new StackTraceElement("java.lang.Runtime", "exit", "Runtime.java", 180),
                new StackTraceElement("java.lang.System", "exit", "System.java", 1900),
                new StackTraceElement("dev.barrage.runner.cli.BarrageCommand", "main", "BarrageCommand.java", 27)});
            Throwable signal = new Throwable("Runtime.exit(143)");
            signal.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.lang.Shutdown", "exit", "Shutdown.java", 160),
                new StackTraceElement("java.lang.Terminator$1", "handle", "Terminator.java", 51)});
            Logger.getLogger("java.lang.Runtime").log(Level.FINE, "exit", own);
            Logger.getLogger("java.lang.Runtime").log(Level.FINE, "exit", signal);
            guard.deadline(Duration.ofMillis(300), () -> "nothing else");
            assertThat(abortReason()).isEqualTo("nothing else");
        }
    }

    @Test
    void theEngineNamesWhereUsersThatIgnoreTheEndOfTheRunAreBusy() throws Exception {
        Path file = Files.writeString(dir.resolve("Spin.java"), """
                import dev.barrage.scenario.*;
                public class Spin extends User {
                    public static volatile boolean spinning = true;
                    @Task void spin() {
                        while (spinning) { }
                    }
                }
                """);
        ScenarioModel model = ScenarioModel.of(ScenarioCompiler.hosted().compile(file), true);
        RunOptions options = new RunOptions(null, 1, 10, Duration.ofMillis(300), Duration.ZERO, Duration.ofMillis(100),
                Map.of());
        LoadEngine engine = new LoadEngine(model, options, new StatsRecorder("guard-test", System.currentTimeMillis()));
        try {
            engine.run(System.currentTimeMillis(), report -> {});
            assertThat(engine.whereBusy(3)).containsExactly("Spin.spin(Spin.java:5): 1 thread");
        } finally {
            model.userClasses().getFirst().type().getDeclaredField("spinning").setBoolean(null, false);
        }
    }
}
