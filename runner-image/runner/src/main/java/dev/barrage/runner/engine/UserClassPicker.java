package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.UserClassModel;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Chooses the class of each new user so that, at every point of the ramp-up, the counts follow the shares as
 * closely as whole users allow (smooth weighted round robin, as Locust's dispatcher). Deterministic, so the mix is
 * the same on every runner; periodic, with each class exactly its share in every run of (sum of shares) picks.
 */
final class UserClassPicker {
    private final List<UserClassModel> classes;
    private final int[] shares;
    private final long[] current;
    private final long total;

    UserClassPicker(List<UserClassModel> classes) {
        this(classes, UserClassModel::weight);
    }

    UserClassPicker(List<UserClassModel> classes, ToIntFunction<UserClassModel> share) {
        this.classes = classes;
        this.shares = classes.stream().mapToInt(share).toArray();
        this.current = new long[classes.size()];
        long sum = 0;
        for (int s : shares) {
            sum += s;
        }
        this.total = sum;
    }

    UserClassModel next() {
        int best = 0;
        for (int i = 0; i < current.length; i++) {
            current[i] += shares[i];
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return classes.get(best);
    }
}
