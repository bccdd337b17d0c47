package dev.barrage.runner.engine;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.scenario.TagFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Which task runs next: weights, nested and sequential task sets with interrupt, tags. */
class TaskSelectionTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void tasksArePickedInProportionToTheirWeights() throws Exception {
        target.resetCounts();
        EngineRun run = EngineRun.of(EngineRun.model("TaskMix.java", dir),
                EngineRun.options(target.uri(), 4, 100, Duration.ofSeconds(2), Duration.ofSeconds(5)));

        Map<String, Long> server = target.counts();
        long often = server.get("GET /fast");
        long seldom = server.get("GET /items/{id}");
        long n = often + seldom;
        assertThat(n).as("enough picks for the proportion to mean something").isGreaterThan(2000);
        // weights 3 : 1, so each pick is "often" with probability 3/4; 4.5 sigma keeps false alarms below 1 in 100 000
        assertThat(EngineRun.binomiallyClose(often, n, 0.75, 4.5)).as("%d of %d picks were the weight-3 task", often, n)
                .isTrue();
        assertThat(run.count("GET", "/fast")).isEqualTo(often);
    }

    @Test
    void aSequentialTaskSetRunsItsTasksInSourceOrderUntilInterruptAndItsHooksBracketEachVisit() throws Exception {
        EngineRun run = EngineRun.of(EngineRun.model("Nested.java", dir),
                EngineRun.options(target.uri(), 3, 100, Duration.ofSeconds(2), Duration.ofSeconds(5)));

        // every user's story: browsing ("outside"), or one whole visit of the checkout set: onStart, first, second
        // twice (weight 2 in a sequence), leave (which interrupts), onStop; a visit cut by the end of the run still
        // ends with onStop
        Map<String, List<String>> byUser = run.namesByUser();
        assertThat(byUser).hasSize(3);
        long visits = 0;
        long outside = 0;
        for (Map.Entry<String, List<String>> user : byUser.entrySet()) {
            assertThat(storyProblem(user.getValue())).as(user.getKey()).isNull();
            visits += user.getValue().stream().filter("start"::equals).count();
            outside += user.getValue().stream().filter("outside"::equals).count();
        }
        assertThat(run.count("set", "start")).isEqualTo(run.count("set", "stop"));
        // the user picks the task set and the method 1 : 1
        assertThat(visits + outside).isGreaterThan(200);
        assertThat(EngineRun.binomiallyClose(visits, visits + outside, 0.5, 4.5))
                .as("%d visits, %d outside", visits, outside).isTrue();
    }

    private static final List<String> VISIT = List.of("start", "first", "second", "second", "leave", "stop");

    /** Null when the names are browsing and whole visits, the last visit perhaps cut short but closed by "stop". */
    private static String storyProblem(List<String> names) {
        int i = 0;
        while (i < names.size()) {
            if (names.get(i).equals("outside")) {
                i++;
                continue;
            }
            int step = 0;
            while (step < VISIT.size() && i < names.size() && names.get(i).equals(VISIT.get(step))) {
                i++;
                step++;
            }
            boolean whole = step == VISIT.size();
            boolean cutAtTheEnd = step > 0 && i == names.size() - 1 && names.get(i).equals("stop");
            if (cutAtTheEnd) {
                return null;
            }
            if (!whole) {
                return "at " + i + ": " + names.subList(Math.max(0, i - 6), Math.min(names.size(), i + 3));
            }
        }
        return null;
    }

    @Test
    void tagsSelectTasksAndExcludedTagsRemoveThem() throws Exception {
        ScenarioModel model = EngineRun.model("Tagged.java", dir);

        target.resetCounts();
        EngineRun.of(model.withTags(new TagFilter(Set.of("browse"), Set.of())),
                EngineRun.options(target.uri(), 2, 100, Duration.ofMillis(800), Duration.ofSeconds(5)));
        assertThat(target.counts()).containsOnlyKeys("GET /fast", "GET /items/{id}");

        target.resetCounts();
        EngineRun.of(model.withTags(new TagFilter(Set.of(), Set.of("slow"))),
                EngineRun.options(target.uri(), 2, 100, Duration.ofMillis(800), Duration.ofSeconds(5)));
        assertThat(target.counts()).containsOnlyKeys("GET /fast", "GET /items/{id}", "GET /");

        target.resetCounts();
        EngineRun.of(model.withTags(new TagFilter(Set.of("buy", "browse"), Set.of("browse"))),
                EngineRun.options(target.uri(), 2, 100, Duration.ofMillis(800), Duration.ofSeconds(5)));
        assertThat(target.counts()).containsOnlyKeys("GET /slow");
    }

    @Test
    void tagsThatLeaveNothingToRunAreRefused() throws Exception {
        ScenarioModel model = EngineRun.model("Tagged.java", dir);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> model.withTags(new TagFilter(Set.of("nope"), Set.of())))
                .hasMessageContaining("no task of Tagged.java is left to run with --tags nope");
    }
}
