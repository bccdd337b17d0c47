package dev.barrage.runner.engine;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.runner.TestScenarios;
import dev.barrage.runner.scenario.CompiledScenario;
import dev.barrage.runner.scenario.ScenarioBundle;
import dev.barrage.runner.scenario.ScenarioException;
import dev.barrage.runner.scenario.ScenarioModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** GraphQL over the HTTP client, background work for the polling pattern, CSV test data, scenario bundles. */
class ProtocolsAndDataTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void graphQlErrorsInAnOkAnswerAreFailuresNamedByTheOperation() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("GraphQlItems.java", dir),
                EngineRun.options(target.uri(), 3, 50, Duration.ofSeconds(1), Duration.ofSeconds(5)));

        Map<String, Long> statuses = target.statusCounts();
        long errors = statuses.getOrDefault("POST /graphql errors 200", 0L);
        long answers = target.counts().get("POST /graphql");
        assertThat(errors).isPositive();
        assertThat(run.count("GraphQL", "GetItem")).isEqualTo(answers);
        List<EngineRun.Event> failed = run.events().stream().filter(e -> e.error() != null).toList();
        assertThat(failed).hasSize((int) errors);
        assertThat(failed).allSatisfy(e -> assertThat(e.error()).matches("no item \\d+"));
        assertThat(run.stats().errors().keySet()).allSatisfy(k -> assertThat(k.type() + " " + k.name()).isEqualTo("GraphQL GetItem"));
    }

    @Test
    void backgroundWorkIsTimedFromStartToDoneAndCutWhenTheTestStops() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("Polling.java", dir),
                EngineRun.options(target.uri(), 2, 50, Duration.ofSeconds(2), Duration.ofSeconds(5)));

        List<EngineRun.Event> jobs = run.events().stream().filter(e -> e.type().equals("job")).toList();
        long created = target.counts().get("POST /jobs");
        // jobs take 300 ms on the server: none can be measured shorter; polling every 50 ms adds at most that much
        // (and a few ms per request) to each
        assertThat(jobs).isNotEmpty().allSatisfy(e -> {
            assertThat(e.error()).isNull();
            assertThat(e.micros()).isBetween(300_000L, 600_000L);
        });
        // jobs still running when the test stopped are not recorded: those started in its last 350 ms or so, a new
        // one every 100 ms per user
        assertThat(jobs.size()).isLessThanOrEqualTo((int) created).isGreaterThanOrEqualTo((int) created - 2 * 5);
        // and their polling stopped with the test
        long polls = target.counts().get("GET /jobs/{id}");
        Thread.sleep(300);
        assertThat(target.counts().get("GET /jobs/{id}")).isEqualTo(polls);
    }

    @Test
    void aOnceFeederHandsOutEachRowOnceThenStopsTheUsers() throws Exception {
        Files.copy(TestScenarios.class.getResourceAsStream("/scenarios/items.csv"), dir.resolve("items.csv"));
        EngineRun run = EngineRun.of(EngineRun.model("Feeders.java", dir),
                EngineRun.options(target.uri(), 3, 50, Duration.ofSeconds(1), Duration.ofSeconds(5)));

        assertThat(run.events()).extracting(EngineRun.Event::name).containsExactlyInAnyOrder(
                "item 3 bolt, small", "item 14 nut", "item 15 washer \"flat\"", "item 92 gear", "item 65 spring");
        assertThat(run.reports().getLast().users()).isZero();
    }

    @Test
    void circularAndRandomFeedersGoRoundTheRows() throws Exception {
        Files.copy(TestScenarios.class.getResourceAsStream("/scenarios/items.csv"), dir.resolve("items.csv"));
        for (String order : List.of("CIRCULAR", "RANDOM")) {
            System.setProperty("feeder.order", order);
            EngineRun run;
            try {
                run = EngineRun.of(EngineRun.model("Feeders.java", dir),
                        EngineRun.options(target.uri(), 2, 50, Duration.ofMillis(600), Duration.ofSeconds(5)));
            } finally {
                System.clearProperty("feeder.order");
            }
            Map<String, Long> byRow = new TreeMap<>();
            run.events().forEach(e -> byRow.merge(e.name(), 1L, Long::sum));
            assertThat(byRow).as(order).hasSize(5);
            if (order.equals("CIRCULAR")) {
                long min = byRow.values().stream().mapToLong(Long::longValue).min().orElseThrow();
                long max = byRow.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                assertThat(max - min).as("rows handed out in turn: %s", byRow).isLessThanOrEqualTo(1);
            }
            Files.deleteIfExists(dir.resolve("Feeders.java"));
        }
    }

    @Test
    void aMissingDataFileIsNamedWithTheLineThatReadsIt() throws Exception {
        assertThatThrownBy(() -> EngineRun.model("MissingCsv.java", dir))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("MissingCsv.java:7: test data file no-such-users.csv not found");
    }

    @Test
    void aBundleRunsWithoutCompilingAndBringsItsDataFiles() throws Exception {
        Files.copy(TestScenarios.class.getResourceAsStream("/scenarios/items.csv"), dir.resolve("items.csv"));
        CompiledScenario compiled = EngineRun.compile("Feeders.java", dir);
        ScenarioModel model = ScenarioModel.of(compiled);
        Path bundle = dir.resolve("bundle/feeders.jar");
        ScenarioBundle.write(compiled, bundle, model.dataFiles());
        Files.delete(dir.resolve("items.csv"));
        Files.delete(dir.resolve("Feeders.java"));

        ScenarioModel loaded = ScenarioModel.of(CompiledScenario.fromBundle(bundle, List.of()));
        EngineRun run = EngineRun.of(loaded, EngineRun.options(target.uri(), 1, 50, Duration.ofSeconds(1), Duration.ofSeconds(5)));

        assertThat(loaded.file()).isEqualTo("Feeders.java");
        assertThat(model.dataFiles()).extracting(p -> p.getFileName().toString()).containsExactly("items.csv");
        assertThat(run.events()).hasSize(5);
    }
}
