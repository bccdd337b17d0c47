package dev.barrage.runner.engine;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.scenario.CompiledScenario;
import dev.barrage.runner.scenario.ScenarioModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Users: fixed counts and weights, on one runner and several, their start and stop hooks, their wait times; test hooks. */
class UserLifecycleTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void fixedCountUsersComeFirstAndTheRestFollowTheWeightsAndEveryUserStartsAndStopsOnce() throws Exception {
        EngineRun run = EngineRun.of(EngineRun.model("FixedUsers.java", dir),
                EngineRun.options(target.uri(), 10, 50, Duration.ofMillis(1200), Duration.ofSeconds(5)));

        // 10 users: the 2 admins, then 8 shared 3 : 1
        assertThat(countsOf(run, "start")).isEqualTo(Map.of("Admin", 2L, "Reader", 6L, "Writer", 2L));
        assertThat(countsOf(run, "stop")).isEqualTo(Map.of("Admin", 2L, "Reader", 6L, "Writer", 2L));
        // the fixed users were started first
        List<String> firstTwo = run.events().stream().filter(e -> e.type().equals("start")).limit(2)
                .map(EngineRun.Event::name).toList();
        assertThat(firstTwo).containsOnly("Admin");
    }

    @Test
    void threeRunnersTogetherRunTheSameMixAsOne() throws Exception {
        ScenarioModel model = EngineRun.model("FixedUsers.java", dir);
        for (int users : new int[] {1, 3, 7}) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<EngineRun>> runners = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RunOptions options = new RunOptions(target.uri(), users, 30, Duration.ofMillis(700), Duration.ofSeconds(5),
                        Duration.ofMillis(250), Map.of(), i, 3);
                runners.add(pool.submit((Callable<EngineRun>) () -> EngineRun.of(model, options)));
            }
            Map<String, Long> starts = new TreeMap<>();
            for (Future<EngineRun> r : runners) {
                countsOf(r.get(), "start").forEach((k, v) -> starts.merge(k, v, Long::sum));
            }
            pool.shutdown();
            // the first N of the one sequence: Admin, Admin, then Reader, Writer by weights 3 : 1 (smooth round robin)
            Map<String, Long> expected = switch (users) {
                case 1 -> Map.of("Admin", 1L);
                case 3 -> Map.of("Admin", 2L, "Reader", 1L);
                default -> Map.of("Admin", 2L, "Reader", 4L, "Writer", 1L);
            };
            assertThat(starts).as("%d users on 3 runners", users).isEqualTo(expected);
        }
    }

    @Test
    void constantThroughputHoldsEachUserToItsRate() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("Throughput.java", dir),
                EngineRun.options(target.uri(), 4, 1000, Duration.ofSeconds(3), Duration.ofSeconds(5)));

        // 5 tasks per second per user: each user's tasks start 200 ms apart
        long requests = target.counts().get("GET /fast");
        assertThat(requests).isEqualTo(run.count("GET", "/fast"));
        double seconds = (run.result().endEpochMillis() - run.result().startEpochMillis()) / 1000.0;
        double rate = requests / seconds;
        assertThat(rate).as("%d requests in %.2f s with 4 users at 5/s", requests, seconds).isBetween(4 * 5 * 0.85, 4 * 5 * 1.1);
    }

    @Test
    void testHooksRunOncePerRunnerAndTheRequestHookSeesEveryRequest() throws Exception {
        CompiledScenario compiled = EngineRun.compile("Hooks.java", dir);
        ScenarioModel model = ScenarioModel.of(compiled);
        target.resetCounts();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<EngineRun>> runners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RunOptions options = new RunOptions(target.uri(), 4, 50, Duration.ofMillis(1500), Duration.ofSeconds(5),
                    Duration.ofMillis(250), Map.of("TENANT", "acme"), i, 2);
            runners.add(pool.submit((Callable<EngineRun>) () -> EngineRun.of(model, options)));
        }
        for (Future<EngineRun> r : runners) {
            r.get();
        }
        pool.shutdown();

        Class<?> hooks = compiled.classes().stream().filter(c -> c.getSimpleName().equals("Hooks")).findFirst().orElseThrow();
        assertThat(staticValue(hooks, "STARTS")).isEqualTo(2);
        assertThat(staticValue(hooks, "STOPS")).isEqualTo(2);
        assertThat(staticValue(hooks, "REQUESTS")).isEqualTo(target.counts().get("GET /flaky"));
        assertThat(staticValue(hooks, "FAILURES")).isEqualTo(target.statusCounts().get("GET /flaky 500"));
        assertThat(staticValue(hooks, "TIMED")).as("every HTTP request's event has its phases").isEqualTo(staticValue(hooks, "REQUESTS"));
        assertThat(staticValue(hooks, "OPENED")).as("each of the 4 users (2 per runner) opened one connection and kept it")
                .isEqualTo(4L);
        assertThat(staticValue(hooks, "hostSeen")).isEqualTo(target.uri().toString());
        assertThat(staticValue(hooks, "tenantSeen")).isEqualTo("acme");
    }

    private static Object staticValue(Class<?> type, String field) throws Exception {
        var f = type.getDeclaredField(field);
        f.setAccessible(true);
        Object v = f.get(null);
        if (v instanceof AtomicInteger i) {
            return i.get();
        }
        return v instanceof AtomicLong l ? l.get() : v;
    }

    private static Map<String, Long> countsOf(EngineRun run, String type) {
        Map<String, Long> counts = new TreeMap<>();
        run.events().stream().filter(e -> e.type().equals(type)).forEach(e -> counts.merge(e.name(), 1L, Long::sum));
        return counts;
    }
}
