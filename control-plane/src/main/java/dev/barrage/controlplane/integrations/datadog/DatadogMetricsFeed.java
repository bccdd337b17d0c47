package dev.barrage.controlplane.integrations.datadog;

import dev.barrage.controlplane.integrations.Channel;
import dev.barrage.controlplane.integrations.DeliveryQueue;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.controlplane.stats.RunAggregator;
import dev.barrage.protocol.stats.HistoryRow;
import dev.barrage.runner.report.RunReport;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends a run's time series to Datadog while it runs: every live update of the aggregator (one per interval) queues
 * the rows of the series that have not been sent yet. The live stream's callback only schedules that work, so the
 * aggregator never waits for it. When the run ends, {@link #finish} says up to where the series went, and the rest
 * comes from the final report.
 */
@ApplicationScoped
public class DatadogMetricsFeed {
    private static final Logger LOG = Logger.getLogger(DatadogMetricsFeed.class);

    @Inject
    RunAggregator aggregator;

    @Inject
    DeliveryQueue queue;

    private final Map<UUID, Follow> follows = new ConcurrentHashMap<>();
    private final ExecutorService work = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("barrage-datadog-feed-", 0).factory());

    /** Starts following a run that just started; nothing happens when it is not live here. */
    void follow(RunContext run) {
        UUID id = run.event().runId();
        Follow f = new Follow(run);
        if (follows.putIfAbsent(id, f) != null) {
            return;
        }
        aggregator.stream(id).ifPresentOrElse(
                live -> f.subscription = live.subscribe().with(update -> f.tick(), failure -> { }, () -> { }),
                () -> follows.remove(id));
    }

    /**
     * Stops following the run; returns the time of the last row of its series already queued (Long.MIN_VALUE when
     * none was, e.g. when the run was not followed here).
     */
    long finish(UUID runId) {
        Follow f = follows.remove(runId);
        if (f == null) {
            return Long.MIN_VALUE;
        }
        synchronized (f) {
            f.closed = true;
            if (f.subscription != null) {
                f.subscription.cancel();
            }
            return f.lastSent;
        }
    }

    /** The rows of the series after {@code after}, in order. */
    static List<HistoryRow> rowsAfter(RunReport report, long after) {
        return report.history().stream().filter(r -> r.epochMillis() > after).toList();
    }

    @PreDestroy
    void close() {
        work.shutdownNow();
    }

    private final class Follow {
        final RunContext run;
        final List<String> tags;
        final AtomicBoolean queued = new AtomicBoolean();
        volatile Cancellable subscription;
        long lastSent = Long.MIN_VALUE;
        boolean closed;

        Follow(RunContext run) {
            this.run = run;
            this.tags = DatadogPayloads.runTags(run);
        }

        /** Called on the aggregator's thread: schedules, never works. */
        void tick() {
            if (queued.compareAndSet(false, true)) {
                work.execute(this::send);
            }
        }

        void send() {
            queued.set(false);
            try {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    RunReport report = aggregator.current(run.event().runId()).orElse(null);
                    if (report == null) {
                        return;
                    }
                    List<HistoryRow> rows = rowsAfter(report, lastSent);
                    if (rows.isEmpty()) {
                        return;
                    }
                    lastSent = rows.getLast().epochMillis();
                    queue.add(List.of(DeliveryQueue.delivery(run.event(), "run.progress", IntegrationKind.DATADOG,
                            Channel.Planned.send(DatadogChannel.SERIES, DatadogChannel.seriesKey(run.event().runId(), rows),
                                    DatadogPayloads.series(rows, tags)))));
                }
            } catch (RuntimeException e) {
                LOG.warnf("datadog: could not queue the series of run %s: %s", run.event().runId(), e.toString());
            }
        }
    }
}
