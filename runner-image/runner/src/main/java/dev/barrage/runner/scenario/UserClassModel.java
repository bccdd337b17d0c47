package dev.barrage.runner.scenario;

import dev.barrage.scenario.Task;
import dev.barrage.scenario.User;
import dev.barrage.scenario.Weight;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** A user class of a scenario: how to create an instance, its weight and its tasks. */
public final class UserClassModel {
    private final Class<? extends User> type;
    private final Constructor<? extends User> constructor;
    private final int weight;
    private final List<TaskModel> tasks;
    private final int[] cumulativeWeights;

    private UserClassModel(Class<? extends User> type, Constructor<? extends User> constructor, int weight,
            List<TaskModel> tasks) {
        this.type = type;
        this.constructor = constructor;
        this.weight = weight;
        this.tasks = List.copyOf(tasks);
        this.cumulativeWeights = new int[tasks.size()];
        int sum = 0;
        for (int i = 0; i < tasks.size(); i++) {
            sum += tasks.get(i).weight();
            cumulativeWeights[i] = sum;
        }
    }

    static UserClassModel of(Class<? extends User> type, String file) throws ScenarioException {
        String where = file + ": user class " + type.getSimpleName();
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new ScenarioException(where + " is an inner class: declare it static");
        }
        Constructor<? extends User> constructor;
        try {
            constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ScenarioException(where + " needs a constructor without arguments");
        }
        Weight weightAnnotation = type.getAnnotation(Weight.class);
        int weight = weightAnnotation == null ? 1 : weightAnnotation.value();
        if (weight < 1) {
            throw new ScenarioException(where + " has @Weight(" + weight + "): weights must be 1 or more");
        }
        List<TaskModel> tasks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                Task task = m.getAnnotation(Task.class);
                if (task == null || !seen.add(m.getName())) {
                    continue; // overridden tasks count once, from the most derived class
                }
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
                m.setAccessible(true);
                tasks.add(new TaskModel(m, task.value()));
            }
        }
        if (tasks.isEmpty()) {
            throw new ScenarioException(where + " has no tasks: mark at least one method with @Task");
        }
        tasks.sort(java.util.Comparator.comparing(TaskModel::name));
        return new UserClassModel(type, constructor, weight, tasks);
    }

    public String name() {
        return type.getSimpleName();
    }

    public Class<? extends User> type() {
        return type;
    }

    public int weight() {
        return weight;
    }

    public List<TaskModel> tasks() {
        return tasks;
    }

    /** Picks a task at random in proportion to the weights, as Locust does. */
    public TaskModel pickTask() {
        if (tasks.size() == 1) {
            return tasks.getFirst();
        }
        int r = ThreadLocalRandom.current().nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (r < cumulativeWeights[i]) {
                return tasks.get(i);
            }
        }
        return tasks.getLast();
    }

    public User newInstance() throws ReflectiveOperationException {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw e;
        }
    }
}
