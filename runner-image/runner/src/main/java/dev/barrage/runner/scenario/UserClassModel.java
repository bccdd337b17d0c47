package dev.barrage.runner.scenario;

import dev.barrage.scenario.FixedCount;
import dev.barrage.scenario.User;
import dev.barrage.scenario.Weight;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;

/** A user class of a scenario: how to create an instance, its weight or fixed count, and its tasks. */
public final class UserClassModel {
    private final Class<? extends User> type;
    private final Constructor<? extends User> constructor;
    private final int weight;
    private final int fixedCount;
    private final TaskList tasks;

    private UserClassModel(Class<? extends User> type, Constructor<? extends User> constructor, int weight,
            int fixedCount, TaskList tasks) {
        this.type = type;
        this.constructor = constructor;
        this.weight = weight;
        this.fixedCount = fixedCount;
        this.tasks = tasks;
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
        FixedCount fixed = type.getAnnotation(FixedCount.class);
        if (weightAnnotation != null && fixed != null) {
            throw new ScenarioException(where + " has both @Weight and @FixedCount: choose one");
        }
        int weight = weightAnnotation == null ? 1 : weightAnnotation.value();
        if (weight < 1) {
            throw new ScenarioException(where + " has @Weight(" + weight + "): weights must be 1 or more");
        }
        int fixedCount = fixed == null ? 0 : fixed.value();
        if (fixed != null && fixedCount < 1) {
            throw new ScenarioException(where + " has @FixedCount(" + fixedCount + "): a fixed count must be 1 or more");
        }
        return new UserClassModel(type, constructor, weight, fixedCount, TaskScanner.scan(type, Set.of(), where));
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

    /** Users of this class over the whole run, or 0 when it is weighted. */
    public int fixedCount() {
        return fixedCount;
    }

    public List<TaskModel> tasks() {
        return tasks.tasks();
    }

    public TaskList taskList() {
        return tasks;
    }

    public User newInstance() throws ReflectiveOperationException {
        return constructor.newInstance();
    }

    /** This class with only the tasks the filter selects, or null when none is left. */
    UserClassModel filtered(TagFilter filter) {
        TaskList kept = tasks.filtered(filter);
        return kept == null ? null : new UserClassModel(type, constructor, weight, fixedCount, kept);
    }
}
