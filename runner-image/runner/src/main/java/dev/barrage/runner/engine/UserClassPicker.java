package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.UserClassModel;
import java.util.List;

/**
 * Chooses the class of each new user so that, at every point of the ramp-up, the counts follow the weights as
 * closely as whole users allow (smooth weighted round robin). Deterministic, so the mix is the same on every runner.
 */
final class UserClassPicker {
    private final List<UserClassModel> classes;
    private final long[] current;
    private final long total;

    UserClassPicker(List<UserClassModel> classes) {
        this.classes = classes;
        this.current = new long[classes.size()];
        this.total = classes.stream().mapToLong(UserClassModel::weight).sum();
    }

    UserClassModel next() {
        int best = 0;
        for (int i = 0; i < current.length; i++) {
            current[i] += classes.get(i).weight();
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return classes.get(best);
    }
}
