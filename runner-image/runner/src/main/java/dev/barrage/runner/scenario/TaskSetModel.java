package dev.barrage.runner.scenario;

import dev.barrage.scenario.TaskSet;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.LinkedHashSet;
import java.util.Set;

/** A nested task set: how to create it each time it is entered, and its tasks. */
public final class TaskSetModel {
    private final Class<? extends TaskSet> type;
    private final Constructor<? extends TaskSet> constructor;
    private final Set<String> tags;
    private final TaskList tasks;

    private TaskSetModel(Class<? extends TaskSet> type, Constructor<? extends TaskSet> constructor, Set<String> tags,
            TaskList tasks) {
        this.type = type;
        this.constructor = constructor;
        this.tags = tags;
        this.tasks = tasks;
    }

    static TaskSetModel of(Class<? extends TaskSet> type, Set<String> inheritedTags, String where)
            throws ScenarioException {
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new ScenarioException(where + " is abstract: a @Task task set must be a concrete class");
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new ScenarioException(where + " is an inner class: declare it static");
        }
        Constructor<? extends TaskSet> constructor;
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ScenarioException(where + " needs a constructor without arguments");
        }
        Set<String> tags = new LinkedHashSet<>(inheritedTags);
        tags.addAll(TaskScanner.tagsOf(type.getAnnotation(dev.barrage.scenario.Tag.class)));
        return new TaskSetModel(type, constructor, Set.copyOf(tags), TaskScanner.scan(type, tags, where));
    }

    public String name() {
        return type.getSimpleName();
    }

    public Class<? extends TaskSet> type() {
        return type;
    }

    Set<String> tags() {
        return tags;
    }

    public TaskList tasks() {
        return tasks;
    }

    public TaskSet newInstance() throws ReflectiveOperationException {
        return constructor.newInstance();
    }

    TaskSetModel filtered(TagFilter filter) {
        TaskList kept = tasks.filtered(filter);
        return kept == null ? null : new TaskSetModel(type, constructor, tags, kept);
    }
}
