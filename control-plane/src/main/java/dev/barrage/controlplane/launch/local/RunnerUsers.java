package dev.barrage.controlplane.launch.local;

import java.util.BitSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** One unprivileged uid per running run, from a range no one else uses; given back when the run ends. */
final class RunnerUsers {
    private final int first;
    private final int count;
    private final BitSet taken;
    private final Map<UUID, Integer> byRun = new ConcurrentHashMap<>();

    RunnerUsers(int first, int count) {
        this.first = first;
        this.count = count;
        this.taken = new BitSet(count);
    }

    int first() {
        return first;
    }

    int last() {
        return first + count - 1;
    }

    synchronized int take(UUID runId) {
        int i = taken.nextClearBit(0);
        if (i >= count) {
            throw new IllegalStateException("all " + count + " runner uids from " + first + " are in use: raise "
                    + "barrage.launch.local.uid-count");
        }
        taken.set(i);
        byRun.put(runId, first + i);
        return first + i;
    }

    Integer of(UUID runId) {
        return byRun.get(runId);
    }

    synchronized void release(UUID runId) {
        Integer uid = byRun.remove(runId);
        if (uid != null) {
            taken.clear(uid - first);
        }
    }
}
