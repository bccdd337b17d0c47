package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.UserClassModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The class of every user of a run, by global index: a smooth weighted round robin, so that any prefix follows the
 * weights to within one user. A runner that is number {@code index} of {@code count} runs the global users
 * {@code index, index + count, index + 2 * count, ...}, so the runners' users together are exactly the first N of
 * the sequence, whatever N, and the class mix holds across runners.
 */
final class UserSequence {
    private final UserClassPicker picker;
    private final List<UserClassModel> global = new ArrayList<>();
    private final int runnerIndex;
    private final int runnerCount;

    UserSequence(List<UserClassModel> classes, int runnerIndex, int runnerCount) {
        if (runnerCount < 1 || runnerIndex < 0 || runnerIndex >= runnerCount) {
            throw new IllegalArgumentException("runner " + runnerIndex + " of " + runnerCount);
        }
        this.picker = new UserClassPicker(classes);
        this.runnerIndex = runnerIndex;
        this.runnerCount = runnerCount;
    }

    /** The class of this runner's {@code local}-th user. */
    synchronized UserClassModel classOf(int local) {
        int globalIndex = runnerIndex + local * runnerCount;
        while (global.size() <= globalIndex) {
            global.add(picker.next());
        }
        return global.get(globalIndex);
    }

    /** How many of the run's first {@code globalUsers} users are this runner's. */
    int localShare(int globalUsers) {
        return globalUsers <= runnerIndex ? 0 : (globalUsers - runnerIndex + runnerCount - 1) / runnerCount;
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
