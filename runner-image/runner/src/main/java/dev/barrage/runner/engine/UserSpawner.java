package dev.barrage.runner.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The closed model: follows the target user count, starting users (or stopping the most recently started ones at the
 * end of their task) one at a time at the spawn rate; then waits for a new target.
 */
final class UserSpawner {
    private static final Logger LOG = Logger.getLogger(LoadEngine.class.getName());

    private final LoadEngine engine;
    private final UserSequence sequence;
    private final Object targetLock = new Object();
    private int targetUsers;
    private double spawnRate;

    UserSpawner(LoadEngine engine, UserSequence sequence, int users, double rate) {
        this.engine = engine;
        this.sequence = sequence;
        this.targetUsers = users;
        this.spawnRate = rate;
    }

    void setTarget(int users, double rate) {
        synchronized (targetLock) {
            targetUsers = users;
            spawnRate = rate;
            targetLock.notifyAll();
        }
    }

    void wake() {
        synchronized (targetLock) {
            targetLock.notifyAll();
        }
    }

    void run(long startNanos) {
        Deque<VirtualUser> active = new ArrayDeque<>();
        long nextDue;
        synchronized (targetLock) {
            nextDue = startNanos + sequence.firstStartOffsetNanos(spawnRate);
        }
        boolean announced = false;
        while (!engine.stopping()) {
            int target;
            double rate;
            synchronized (targetLock) {
                target = sequence.localShare(targetUsers);
                rate = sequence.localRate(spawnRate);
                active.removeIf(u -> !u.thread.isAlive() && u.finishedOnItsOwn);
                if (active.size() == target) {
                    if (!announced) {
                        announced = true;
                        logSpawned(active);
                    }
                    try {
                        targetLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                    nextDue = Math.max(nextDue, System.nanoTime());
                    continue;
                }
            }
            announced = false;
            long wait = nextDue - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // re-read the target: it may have changed while waiting
            }
            if (active.size() < target) {
                active.addLast(engine.startUser(sequence.classOf(active.size()), null, VirtualUser.NO_ITERATION));
            } else {
                active.pollLast().requestStop();
            }
            nextDue += Math.round(1_000_000_000d / rate);
        }
    }

    private void logSpawned(Deque<VirtualUser> active) {
        Map<String, Integer> counts = new TreeMap<>();
        for (VirtualUser u : active) {
            counts.merge(u.model.name(), 1, Integer::sum);
        }
        LOG.info(() -> "All users spawned: " + counts + " (" + active.size() + " total users"
                + (engine.options().runnerCount() > 1 ? " on this runner" : "") + ")");
    }
}
