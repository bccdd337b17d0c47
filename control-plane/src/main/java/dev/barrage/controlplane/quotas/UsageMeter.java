package dev.barrage.controlplane.quotas;

import dev.barrage.controlplane.runs.Run;
import dev.barrage.protocol.IntervalReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters what runs use, from the user-time runners report (the integral of their user counts, not the requested
 * number), and writes it to the usage ledger at least every {@link #FLUSH_MILLIS}, so a crash loses little.
 */
@ApplicationScoped
public class UsageMeter {
    static final long FLUSH_MILLIS = 10_000;

    @Inject
    QuotaService quotas;

    /** Not yet written, per run and month. */
    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();

    private static final class Pending {
        final Map<LocalDate, long[]> byMonth = new HashMap<>(); // {userMillis, firstStart, lastEnd}
        long lastFlush = System.currentTimeMillis();
    }

    public void record(UUID runId, IntervalReport report) {
        if (report.userMillis() <= 0) {
            return;
        }
        Pending p = pending.computeIfAbsent(runId, id -> new Pending());
        synchronized (p) {
            LocalDate month = QuotaService.monthOf(Instant.ofEpochMilli(
                    report.startEpochMillis() + (report.endEpochMillis() - report.startEpochMillis()) / 2));
            long[] slot = p.byMonth.computeIfAbsent(month, m -> new long[] {0, Long.MAX_VALUE, 0});
            slot[0] += report.userMillis();
            slot[1] = Math.min(slot[1], report.startEpochMillis());
            slot[2] = Math.max(slot[2], report.endEpochMillis());
        }
    }

    /** User-milliseconds of the run not yet in the ledger. */
    public long unwritten(UUID runId) {
        Pending p = pending.get(runId);
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            return p.byMonth.values().stream().mapToLong(s -> s[0]).sum();
        }
    }

    /** Writes the batches that waited long enough. */
    public void flushDue() {
        long now = System.currentTimeMillis();
        for (Map.Entry<UUID, Pending> e : pending.entrySet()) {
            if (now - e.getValue().lastFlush >= FLUSH_MILLIS) {
                flush(e.getKey());
            }
        }
    }

    /** Writes what the run used since the last batch, one ledger row per month touched. */
    public void flush(UUID runId) {
        Pending p = pending.get(runId);
        if (p == null) {
            return;
        }
        Map<LocalDate, long[]> batch;
        synchronized (p) {
            batch = new HashMap<>(p.byMonth);
            p.byMonth.clear();
            p.lastFlush = System.currentTimeMillis();
        }
        if (batch.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Run run = Run.findById(runId);
            if (run == null) {
                return;
            }
            for (Map.Entry<LocalDate, long[]> e : batch.entrySet()) {
                UsageEntry u = new UsageEntry();
                u.accountId = run.accountId;
                u.runId = runId;
                u.month = e.getKey();
                u.vuMillis = e.getValue()[0];
                u.periodStart = OffsetDateTime.ofInstant(Instant.ofEpochMilli(e.getValue()[1]), ZoneOffset.UTC);
                u.periodEnd = OffsetDateTime.ofInstant(Instant.ofEpochMilli(e.getValue()[2]), ZoneOffset.UTC);
                u.recordedAt = OffsetDateTime.now();
                u.persist();
                run.meteredVuMillis += u.vuMillis;
            }
        });
    }

    /** The run ended: its last batch is written and it is forgotten. */
    public void close(UUID runId) {
        flush(runId);
        pending.remove(runId);
    }

    /** Accounts whose use this month, written or not, has reached their allowance. */
    public Set<UUID> exhaustedAmong(List<Run> activeRuns) {
        Map<UUID, Long> unwrittenByAccount = new HashMap<>();
        for (Run r : activeRuns) {
            unwrittenByAccount.merge(r.accountId, unwritten(r.id), Long::sum);
        }
        Set<UUID> exhausted = new java.util.HashSet<>();
        for (Map.Entry<UUID, Long> e : unwrittenByAccount.entrySet()) {
            Balance b = QuarkusTransaction.requiringNew().call(() -> quotas.balance(e.getKey()));
            if (b.usedMillis() + e.getValue() >= b.allowanceMillis()) {
                exhausted.add(e.getKey());
            }
        }
        return exhausted;
    }
}
