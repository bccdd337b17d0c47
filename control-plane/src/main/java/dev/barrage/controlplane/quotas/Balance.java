package dev.barrage.controlplane.quotas;

import java.time.LocalDate;

/**
 * An account's VU-hours this month, in user-milliseconds: the allowance, what the ledger has recorded, and what runs
 * in progress have reserved and not yet used.
 */
public record Balance(Plan plan, LocalDate month, long allowanceMillis, long usedMillis, long reservedMillis) {
    public long remainingMillis() {
        return allowanceMillis - usedMillis - reservedMillis;
    }
}
