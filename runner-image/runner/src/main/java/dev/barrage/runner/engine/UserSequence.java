package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.UserClassModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The class of every user of a run, by global index. As in Locust, the users of {@code @FixedCount} classes come
 * first (interleaved by their counts), then the weighted classes in a smooth weighted round robin, so that any prefix
 * follows the weights to within one user. A runner that is number {@code index} of {@code count} runs the global users
 * {@code index, index + count, index + 2 * count, ...}, so the runners' users together are exactly the first N of
 * the sequence, whatever N, and the class mix (fixed counts included) holds across runners.
 */
final class UserSequence {
    private final List<UserClassModel> fixed;
    private final List<UserClassModel> weightedPeriod;
    private final int runnerIndex;
    private final int runnerCount;

    UserSequence(List<UserClassModel> classes, int runnerIndex, int runnerCount) {
        if (runnerCount < 1 || runnerIndex < 0 || runnerIndex >= runnerCount) {
            throw new IllegalArgumentException("runner " + runnerIndex + " of " + runnerCount);
        }
        List<UserClassModel> fixedClasses = classes.stream().filter(c -> c.fixedCount() > 0).toList();
        List<UserClassModel> weighted = classes.stream().filter(c -> c.fixedCount() == 0).toList();
        this.fixed = period(fixedClasses, UserClassModel::fixedCount);
        this.weightedPeriod = period(weighted, UserClassModel::weight);
        this.runnerIndex = runnerIndex;
        this.runnerCount = runnerCount;
    }

    /** One period of the smooth weighted round robin: each class exactly {@code share} times. */
    private static List<UserClassModel> period(List<UserClassModel> classes,
            java.util.function.ToIntFunction<UserClassModel> share) {
        if (classes.isEmpty()) {
            return List.of();
        }
        UserClassPicker picker = new UserClassPicker(classes, share);
        int length = classes.stream().mapToInt(share).sum();
        List<UserClassModel> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(picker.next());
        }
        return List.copyOf(out);
    }

    /** The class of this runner's {@code local}-th user. */
    UserClassModel classOf(int local) {
        return globalClassOf(runnerIndex + (long) local * runnerCount);
    }

    UserClassModel globalClassOf(long global) {
        if (global < fixed.size()) {
            return fixed.get((int) global);
        }
        if (weightedPeriod.isEmpty()) {
            throw new IllegalStateException("user " + global + " is beyond the fixed counts");
        }
        return weightedPeriod.get((int) ((global - fixed.size()) % weightedPeriod.size()));
    }

    /** Most users a run can have: the sum of the fixed counts when every class has one. */
    int capacity() {
        return weightedPeriod.isEmpty() ? fixed.size() : Integer.MAX_VALUE;
    }

    /** How many of the run's first {@code globalUsers} users are this runner's. */
    int localShare(int globalUsers) {
        int users = Math.min(globalUsers, capacity());
        return users <= runnerIndex ? 0 : (users - runnerIndex + runnerCount - 1) / runnerCount;
    }

    /** This runner's part of the run's spawn rate. */
    double localRate(double globalRate) {
        return globalRate / runnerCount;
    }

    /** Delay of this runner's first user, so that the runners' starts interleave as one ramp would. */
    long firstStartOffsetNanos(double globalRate) {
        return Math.round(runnerIndex * 1_000_000_000d / globalRate);
    }
}
