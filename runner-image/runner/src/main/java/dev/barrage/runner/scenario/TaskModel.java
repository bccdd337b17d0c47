package dev.barrage.runner.scenario;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * One task of a user or task set: a {@code @Task} method, or a nested {@code @Task} task set, with its weight and
 * its tags (its own and those of the task sets around it).
 */
public record TaskModel(String name, int weight, Set<String> tags, Method method, TaskSetModel taskSet) {

    static TaskModel method(Method method, int weight, Set<String> tags) {
        return new TaskModel(method.getName(), weight, Set.copyOf(tags), method, null);
    }

    static TaskModel taskSet(TaskSetModel taskSet, int weight, Set<String> tags) {
        return new TaskModel(taskSet.name(), weight, Set.copyOf(tags), null, taskSet);
    }

    public boolean isTaskSet() {
        return taskSet != null;
    }

    /** This task with only the tasks that the tags select, or null when nothing of it is left. */
    TaskModel filtered(TagFilter filter) {
        if (taskSet == null) {
            return filter.selects(tags) ? this : null;
        }
        TaskSetModel kept = taskSet.filtered(filter);
        return kept == null ? null : new TaskModel(name, weight, tags, null, kept);
    }
}
