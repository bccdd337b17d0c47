package dev.barrage.runner.scenario;

import dev.barrage.scenario.LoadShape;

/** What is wrong with a load shape's answer, if anything. */
public final class ShapeTargets {
    private ShapeTargets() {}

    /** Null when {@code target} is usable (null itself means "stop the test"), else what is wrong with it. */
    public static String problem(LoadShape.Target target) {
        if (target == null) {
            return null;
        }
        if (target.users() < 0) {
            return "returned " + target.users() + " users: the user count must be 0 or more";
        }
        if (!(target.spawnRate() > 0) || Double.isInfinite(target.spawnRate())) {
            return "returned a spawn rate of " + target.spawnRate() + ": it must be a positive number";
        }
        return null;
    }
}
