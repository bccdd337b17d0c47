package dev.barrage.runner.scenario;

import dev.barrage.scenario.SequentialTaskSet;
import dev.barrage.scenario.Tag;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TaskHolder;
import dev.barrage.scenario.TaskSet;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds the tasks of a user class or task set: its {@code @Task} methods and nested {@code @Task} task sets. */
final class TaskScanner {
    private TaskScanner() {}

    static TaskList scan(Class<? extends TaskHolder> type, Set<String> inheritedTags, String where)
            throws ScenarioException {
        boolean sequential = SequentialTaskSet.class.isAssignableFrom(type);
        Set<String> classTags = new LinkedHashSet<>(inheritedTags);
        classTags.addAll(tagsOf(type.getAnnotation(Tag.class)));
        List<Positioned> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int depth = 0;
        for (Class<?> c = type; c != null && c != Object.class && c != TaskHolder.class; c = c.getSuperclass()) {
            depth++;
            for (Method m : c.getDeclaredMethods()) {
                Task task = m.getAnnotation(Task.class);
                if (task == null || !seen.add(m.getName())) {
                    continue; // overridden tasks count once, from the most derived class
                }
                checkMethod(m, task, where);
                m.setAccessible(true);
                Set<String> tags = new LinkedHashSet<>(classTags);
                tags.addAll(tagsOf(m.getAnnotation(Tag.class)));
                found.add(new Positioned(TaskModel.method(m, task.value(), tags), -depth,
                        sequential ? SourceOrder.of(m) : 0));
            }
            for (Class<?> nested : c.getDeclaredClasses()) {
                Task task = nested.getAnnotation(Task.class);
                if (task == null) {
                    continue;
                }
                String nestedWhere = where + ": task set " + nested.getSimpleName();
                if (!TaskSet.class.isAssignableFrom(nested)) {
                    throw new ScenarioException(nestedWhere + " has @Task but does not extend TaskSet or SequentialTaskSet");
                }
                if (task.value() < 1) {
                    throw new ScenarioException(nestedWhere + " has weight " + task.value() + ": weights must be 1 or more");
                }
                TaskSetModel set = TaskSetModel.of(nested.asSubclass(TaskSet.class), classTags, nestedWhere);
                found.add(new Positioned(TaskModel.taskSet(set, task.value(), set.tags()), -depth,
                        sequential ? SourceOrder.of(nested) : 0));
            }
        }
        if (found.isEmpty()) {
            throw new ScenarioException(where + " has no tasks: mark at least one method with @Task");
        }
        // base classes' tasks first, then source order (sequential) or by name (weighted: the order does not matter)
        found.sort(Comparator.comparingInt(Positioned::depth)
                .thenComparingLong(Positioned::position)
                .thenComparing(p -> p.task().name()));
        return new TaskList(found.stream().map(Positioned::task).toList(), sequential);
    }

    static Set<String> tagsOf(Tag tag) {
        return tag == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(tag.value()));
    }

    private static void checkMethod(Method m, Task task, String where) throws ScenarioException {
        if (m.getParameterCount() != 0) {
            throw new ScenarioException(where + ": task " + m.getName() + " must take no arguments");
        }
        if (Modifier.isStatic(m.getModifiers())) {
            throw new ScenarioException(where + ": task " + m.getName() + " must not be static");
        }
        if (task.value() < 1) {
            throw new ScenarioException(where + ": task " + m.getName() + " has weight " + task.value()
                    + ": weights must be 1 or more");
        }
    }

    private record Positioned(TaskModel task, int depth, long position) {}
}
