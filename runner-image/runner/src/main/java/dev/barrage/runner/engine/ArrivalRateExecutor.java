package dev.barrage.runner.engine;

import dev.barrage.runner.scenario.UserClassModel;
import dev.barrage.scenario.ArrivalRate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The open model: starts iterations on schedule whatever the response times. Iteration n is this runner's when
 * n mod runners = its index; its user class follows the weights (a smooth round robin over iterations). It goes to
 * an idle user of that class, else to a new user while this runner has fewer than its share of the maximum, else it
 * is dropped and counted, as k6 does.
 */
final class ArrivalRateExecutor {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());

    private final LoadEngine engine;
    private final ArrivalSchedule schedule;
    private final List<UserClassModel> classOfIteration;
    private final int maxLocalUsers;
    private final int runnerIndex;
    private final int runnerCount;
    private final Map<UserClassModel, ConcurrentLinkedQueue<VirtualUser>> idle = new HashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Users alive; only this executor's thread adds to it, so check-then-add is safe. */
    private final AtomicInteger users = new AtomicInteger();

    ArrivalRateExecutor(LoadEngine engine, ArrivalRate rate, List<UserClassModel> classes, int runnerIndex,
            int runnerCount) {
        this.engine = engine;
        this.schedule = ArrivalSchedule.of(rate);
        this.runnerIndex = runnerIndex;
        this.runnerCount = runnerCount;
        int max = rate.maxUsers();
        this.maxLocalUsers = max <= runnerIndex ? 0 : (max - runnerIndex + runnerCount - 1) / runnerCount;
        UserClassPicker picker = new UserClassPicker(classes);
        int period = classes.stream().mapToInt(UserClassModel::weight).sum();
        List<UserClassModel> order = new ArrayList<>(period);
        for (int i = 0; i < period; i++) {
            order.add(picker.next());
        }
        this.classOfIteration = List.copyOf(order);
        classes.forEach(c -> idle.put(c, new ConcurrentLinkedQueue<>()));
    }

    /** Dispatches iterations until the schedule ends (then stops the run) or the run stops. */
    void run(long startNanos) {
        for (long n = runnerIndex; !engine.stopping(); n += runnerCount) {
            long due = schedule.dueNanos(n);
            if (due < 0) {
                LOG.info("The arrival-rate schedule has ended");
                engine.stop();
                return;
            }
            long intended = startNanos + due;
            for (long wait; (wait = intended - System.nanoTime()) > 0 && !engine.stopping(); ) {
                LockSupport.parkNanos(this, wait);
            }
            if (engine.stopping()) {
                return;
            }
            dispatch(classOfIteration.get((int) (n % classOfIteration.size())), intended);
        }
    }

    private void dispatch(UserClassModel type, long intended) {
        VirtualUser user = idle.get(type).poll();
        if (user != null) {
            started.incrementAndGet();
            user.assign(intended);
        } else if (users.get() < maxLocalUsers) {
            users.incrementAndGet();
            started.incrementAndGet();
            engine.startUser(type, this, intended);
        } else if (dropped.getAndIncrement() == 0) {
            LOG.warning(() -> "Iterations are being dropped: all " + maxLocalUsers + " users allowed"
                    + (runnerCount > 1 ? " on this runner" : "") + " are busy (raise maxUsers, or the target is too slow)");
        }
    }

    /** A user finished its iteration and can take the next one. */
    void idle(VirtualUser user) {
        idle.get(user.model).add(user);
    }

    /** A user ended for good (StopUser, or an error when starting): a new one may take its place. */
    void userEnded() {
        users.decrementAndGet();
    }

    /** Iterations started and dropped so far; each count only grows. */
    dev.barrage.protocol.IterationCounts counts() {
        long d = dropped.get();
        return new dev.barrage.protocol.IterationCounts(started.get(), d);
    }

    long started() {
        return started.get();
    }

    long dropped() {
        return dropped.get();
    }
}
