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
            add(p, report);
        }
    }

    private static void add(Pending p, IntervalReport report) {
        LocalDate month = QuotaService.monthOf(Instant.ofEpochMilli(
                report.startEpochMillis() + (report.endEpochMillis() - report.startEpochMillis()) / 2));
        long[] slot = p.byMonth.computeIfAbsent(month, m -> new long[] {0, Long.MAX_VALUE, 0});
        slot[0] += report.userMillis();
        slot[1] = Math.min(slot[1], report.startEpochMillis());
        slot[2] = Math.max(slot[2], report.endEpochMillis());
    }

    /**
     * The run's statistics were rebuilt from every report it has on Kafka up to now (this instance took the run over
     * after a restart, or from another instance): what of them the ledger does not hold yet is what remains to be
     * written. The metering of a dead instance that had not been written yet is recovered so, and what it had written
     * of reports that come again is not written twice: the reports from here on are metered as they arrive, and
     * anything of theirs the ledger already holds (written but not yet committed on Kafka when the old instance died)
     * is taken off beforehand. Replaces what this instance held of the run.
     */
    public synchronized void rebuilt(UUID runId, java.util.Collection<IntervalReport> reports) {
        Pending rebuilt = new Pending();
        reports.stream().filter(r -> r.userMillis() > 0).forEach(r -> add(rebuilt, r));
        QuarkusTransaction.requiringNew().run(() -> UsageEntry.getEntityManager()
                .createQuery("select u.month, sum(u.vuMillis) from UsageEntry u where u.runId = :r group by u.month",
                        Object[].class)
                .setParameter("r", runId).getResultList()
                .forEach(row -> rebuilt.byMonth.computeIfAbsent((LocalDate) row[0], m -> new long[] {0, Long.MAX_VALUE, 0})[0]
                        -= (Long) row[1]));
        rebuilt.byMonth.values().removeIf(slot -> slot[0] == 0);
        pending.put(runId, rebuilt);
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
    public synchronized void flush(UUID runId) {
        Pending p = pending.get(runId);
        if (p == null) {
            return;
        }
        Map<LocalDate, long[]> batch = new HashMap<>();
        synchronized (p) {
            // a month below zero holds what the ledger has already of reports still to come (see rebuilt): it waits
            for (var it = p.byMonth.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<LocalDate, long[]> e = it.next();
                if (e.getValue()[0] > 0) {
                    batch.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            p.lastFlush = System.currentTimeMillis();
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            write(runId, batch);
        } catch (RuntimeException e) {
            // not written (the database is away): the batch waits for the next flush instead of being lost
            synchronized (p) {
                batch.forEach((month, slot) -> p.byMonth.merge(month, slot, (a, b) -> new long[] {a[0] + b[0],
                        Math.min(a[1], b[1]), Math.max(a[2], b[2])}));
            }
            throw e;
        }
    }

    private static void write(UUID runId, Map<LocalDate, long[]> batch) {
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

    /** Writes what every run has metered and not written yet. */
    public synchronized void flushAll() {
        List.copyOf(pending.keySet()).forEach(this::flush);
    }

    /** The run ended: its last batch is written and it is forgotten. */
    public synchronized void close(UUID runId) {
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
