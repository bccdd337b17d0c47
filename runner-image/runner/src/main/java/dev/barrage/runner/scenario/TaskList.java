package dev.barrage.runner.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tasks of a user or task set and how the next one is chosen: at random in proportion to the weights, as
 * Locust does, or for a sequential task set in source order, a task of weight n n times in a row.
 */
public final class TaskList {
    private final List<TaskModel> tasks;
    private final boolean sequential;
    private final int[] cumulativeWeights;
    private final List<TaskModel> sequence = new ArrayList<>();

    TaskList(List<TaskModel> tasks, boolean sequential) {
        this.tasks = List.copyOf(tasks);
        this.sequential = sequential;
        this.cumulativeWeights = new int[tasks.size()];
        int sum = 0;
        for (int i = 0; i < tasks.size(); i++) {
            sum += tasks.get(i).weight();
            cumulativeWeights[i] = sum;
            for (int n = 0; n < tasks.get(i).weight(); n++) {
                sequence.add(tasks.get(i));
            }
        }
    }

    public List<TaskModel> tasks() {
        return tasks;
    }

    public boolean sequential() {
        return sequential;
    }

    /** Chooses tasks for one user, or one visit of a task set (a sequence starts from its first task). */
    public interface Picker {
        TaskModel next();
    }

    public Picker picker() {
        if (sequential) {
            return new Picker() {
                private int next;

                @Override
                public TaskModel next() {
                    TaskModel task = sequence.get(next);
                    next = (next + 1) % sequence.size();
                    return task;
                }
            };
        }
        return this::pickByWeight;
    }

    private TaskModel pickByWeight() {
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

    /** Only the tasks the filter selects; null when none is left. */
    TaskList filtered(TagFilter filter) {
        List<TaskModel> kept = new ArrayList<>();
        for (TaskModel t : tasks) {
            TaskModel k = t.filtered(filter);
            if (k != null) {
                kept.add(k);
            }
        }
        return kept.isEmpty() ? null : new TaskList(kept, sequential);
    }
}
