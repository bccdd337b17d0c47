package dev.barrage.runner.webui;

import dev.barrage.runner.scenario.ScenarioModel;
import dev.barrage.runner.scenario.TaskList;
import dev.barrage.runner.scenario.TaskModel;
import dev.barrage.runner.scenario.UserClassModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Locust's "current ratio" tab: each user class's share of the weighted users (a class with a fixed count has its
 * count instead) and each task's share of its class's or task set's picks, from the weights (a sequential task set
 * runs its tasks in order: no shares). Tasks the tags leave out are not there.
 */
final class UserClassRatio {
    private UserClassRatio() {}

    static List<Map<String, Object>> of(ScenarioModel scenario) {
        int weights = scenario.userClasses().stream().filter(c -> c.fixedCount() == 0).mapToInt(UserClassModel::weight).sum();
        List<Map<String, Object>> classes = new ArrayList<>();
        for (UserClassModel c : scenario.userClasses()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("weight", c.weight());
            m.put("fixedCount", c.fixedCount() == 0 ? null : c.fixedCount());
            m.put("share", c.fixedCount() == 0 && weights > 0 ? (double) c.weight() / weights : null);
            m.put("tasks", tasks(c.taskList()));
            classes.add(m);
        }
        return classes;
    }

    private static List<Map<String, Object>> tasks(TaskList list) {
        int total = list.tasks().stream().mapToInt(TaskModel::weight).sum();
        List<Map<String, Object>> out = new ArrayList<>();
        for (TaskModel t : list.tasks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("weight", t.weight());
            m.put("share", list.sequential() || total == 0 ? null : (double) t.weight() / total);
            m.put("tasks", t.isTaskSet() ? tasks(t.taskSet().tasks()) : List.of());
            out.add(m);
        }
        return out;
    }
}
