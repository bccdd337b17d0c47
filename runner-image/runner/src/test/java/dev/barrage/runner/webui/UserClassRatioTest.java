package dev.barrage.runner.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.TestScenarios;
import dev.barrage.runner.scenario.ScenarioCompiler;
import dev.barrage.runner.scenario.ScenarioModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "current ratio" tab's numbers, from compiled scenarios whose weights are known from their source. */
class UserClassRatioTest {
    @TempDir
    Path dir;

    @Test
    void weightedClassesShareTheUsersAndAFixedCountStandsApart() throws Exception {
        List<Map<String, Object>> fixed = UserClassRatio.of(compile("FixedUsers.java"));
        // FixedUsers: Admin @FixedCount(2), Reader @Weight(3), Writer weight 1
        assertThat(byName(fixed, "Admin")).containsEntry("fixedCount", 2).containsEntry("share", null);
        assertThat(byName(fixed, "Reader")).containsEntry("share", 3 / 4.0).containsEntry("fixedCount", null);
        assertThat(byName(fixed, "Writer")).containsEntry("share", 1 / 4.0);

        List<Map<String, Object>> weighted = UserClassRatio.of(compile("Weighted.java"));
        // Weighted: 5 : 3 : 1
        assertThat(byName(weighted, "Reader")).containsEntry("share", 5 / 9.0);
        assertThat(byName(weighted, "Writer")).containsEntry("share", 3 / 9.0);
        assertThat(byName(weighted, "Admin")).containsEntry("share", 1 / 9.0);
        assertThat(byName(weighted, "Admin").get("tasks")).isEqualTo(
                List.of(Map.of("name", "admin", "weight", 1, "share", 1.0, "tasks", List.of())));
    }

    @Test
    void tasksShareTheirClassesPicksByWeight() throws Exception {
        List<Map<String, Object>> counted = UserClassRatio.of(compile("Counted.java"));
        // Counted: fast 3, item 2, flaky 1, slow 1
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) byName(counted, "Counted").get("tasks");
        assertThat(byName(tasks, "fast")).containsEntry("share", 3 / 7.0);
        assertThat(byName(tasks, "item")).containsEntry("share", 2 / 7.0);
        assertThat(byName(tasks, "slow")).containsEntry("share", 1 / 7.0);
    }

    private ScenarioModel compile(String name) throws Exception {
        return ScenarioModel.of(new ScenarioCompiler().compile(TestScenarios.copy(name, dir)));
    }

    private static Map<String, Object> byName(List<Map<String, Object>> list, String name) {
        return list.stream().filter(m -> m.get("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + list));
    }
}
