package dev.barrage.controlplane.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.BarrageConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends the pending deliveries, apart from the runs they are about: a delivery is claimed in the database (so several
 * control plane instances share the work, and one that dies mid-send leaves a lease that runs out), sent on a virtual
 * thread, and its outcome recorded: delivered; tried again later on 429, 5xx or no answer (after Retry-After, else
 * an exponential backoff) until the attempts run out; failed at once on any other refusal.
 */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int IN_FLIGHT = 16;
    /** Long enough for the slowest delivery (a comment search over many pages), short enough to recover soon. */
    private static final Duration LEASE = Duration.ofMinutes(5);

    @Inject
    BarrageConfig config;

    @Inject
    IntegrationSettings settings;

    @Inject
    EntityManager em;

    private final BlockingQueue<Boolean> wakeUps = new LinkedBlockingQueue<>();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private volatile boolean running;
    private Thread loop;
    private ExecutorService senders;
    private RetryPolicy retries;

    void start(@Observes StartupEvent event) {
        BarrageConfig.Integrations.Delivery d = config.integrations().delivery();
        retries = new RetryPolicy(d.maxAttempts(), d.firstRetry(), d.maxRetryDelay());
        senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("barrage-delivery-", 0).factory());
        running = true;
        loop = Thread.ofPlatform().name("barrage-deliveries").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        if (senders != null) {
            senders.shutdown();
            try {
                senders.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Something is due: look now rather than at the next poll. */
    public void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    private void run() {
        long poll = config.integrations().delivery().pollInterval().toMillis();
        while (running) {
            try {
                int free = slots.availablePermits();
                List<UUID> claimed = free == 0 ? List.of() : claim(free);
                for (UUID id : claimed) {
                    slots.acquire();
                    senders.execute(() -> {
                        try {
                            send(id);
                        } finally {
                            slots.release();
                            wake(); // the next one with the same ordering key may go now
                        }
                    });
                }
                if (claimed.isEmpty()) {
                    wakeUps.poll(poll, TimeUnit.MILLISECONDS);
                    wakeUps.clear();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("delivery worker: %s; trying again shortly", e.toString());
                    sleep(poll);
                }
            }
        }
    }

    /**
     * Takes up to {@code limit} due deliveries: pending ones whose time has come and sending ones whose lease ran out,
     * each only if no earlier delivery with its ordering key is still open.
     */
    @SuppressWarnings("unchecked")
    List<UUID> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                update integration_deliveries d
                   set status = 'sending', attempts = d.attempts + 1, updated_at = now(),
                       lease_until = now() + make_interval(secs => :lease)
                 where d.id in (
                       select x.id from integration_deliveries x
                        where ((x.status = 'pending' and x.next_attempt_at <= now())
                               or (x.status = 'sending' and x.lease_until < now()))
                          and not exists (select 1 from integration_deliveries y
                                           where y.ordering_key = x.ordering_key and y.seq < x.seq
                                             and y.status in ('pending', 'sending'))
                        order by x.seq
                        limit :limit
                        for update skip locked)
                returning d.id
                """, UUID.class).setParameter("lease", LEASE.toSeconds()).setParameter("limit", limit).getResultList());
    }

    private void send(UUID id) {
        Delivery d = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>findById(id));
        if (d == null) {
            return;
        }
        Attempt attempt;
        try {
            IntegrationSetting setting = QuarkusTransaction.requiringNew().call(() -> IntegrationSetting.of(d.projectId, d.kind()));
            if (setting == null) {
                record(d, Attempt.failed(null, "the " + d.kind().title() + " integration was removed before this was sent"));
                return;
            }
            JsonNode payload = IntegrationSettings.JSON.readTree(d.payload);
            attempt = settings.channel(d.kind()).deliver(d.action, payload, setting, settings.secret(setting));
        } catch (Exception e) {
            // a bug or a secret that no longer opens: trying again will not help; the message holds no secret
            attempt = Attempt.failed(null, "could not send: " + e.getMessage());
        }
        record(d, attempt);
    }

    private void record(Delivery claimed, Attempt attempt) {
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery d = Delivery.findById(claimed.id);
            OffsetDateTime now = OffsetDateTime.now();
            d.lastStatusCode = attempt.statusCode();
            d.updatedAt = now;
            d.leaseUntil = null;
            switch (attempt.outcome()) {
                case DELIVERED -> {
                    d.status = Delivery.DELIVERED;
                    d.deliveredAt = now;
                    d.detail = attempt.detail();
                }
                case FAILED -> {
                    d.status = Delivery.FAILED;
                    d.detail = attempt.detail();
                }
                case RETRY -> {
                    if (retries.exhausted(d.attempts)) {
                        d.status = Delivery.FAILED;
                        d.detail = "gave up after " + d.attempts + " attempts; the last: " + attempt.detail();
                    } else {
                        Duration wait = retries.delay(d.attempts, attempt.retryAfter());
                        d.status = Delivery.PENDING;
                        d.nextAttemptAt = now.plus(wait);
                        d.detail = attempt.detail() + "; trying again in " + wait.toMillis() + " ms";
                    }
                }
            }
        });
        if (attempt.outcome() != Attempt.Outcome.DELIVERED) {
            LOG.infof("%s %s of run %s: %s", claimed.kind, claimed.action, claimed.runId, attempt.detail());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
