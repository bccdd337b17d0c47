package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.ShapeTargets;
import dev.barrage.scenario.LoadShape;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Asks the scenario's load shape for users and spawn rate about once a second, as Locust does, and sets them as the
 * run's target; a null answer ends the test, a bad one (negative users) stops it with an error.
 */
final class ShapeDriver {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());
    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LoadEngine engine;
    private final LoadShape shape;
    private final String name;

    ShapeDriver(LoadEngine engine, LoadShape shape) {
        this.engine = engine;
        this.shape = shape;
        this.name = shape.getClass().getSimpleName();
    }

    /** Applies one tick; false when the test must end. */
    boolean tick() {
        LoadShape.Target target;
        try {
            target = shape.tick();
        } catch (RuntimeException e) {
            engine.fail(name + ".tick() threw " + e);
            return false;
        }
        if (target == null) {
            LOG.info(() -> name + " returned null: the test ends");
            engine.stop();
            return false;
        }
        String problem = ShapeTargets.problem(target);
        if (problem != null) {
            engine.fail(name + ".tick() " + problem);
            return false;
        }
        engine.setTarget(target.users(), target.spawnRate());
        return true;
    }

    void run() {
        while (!engine.sleepUnlessStopping(TICK_NANOS) && tick()) {
            // one tick a second until the shape or the run ends
        }
    }
}
