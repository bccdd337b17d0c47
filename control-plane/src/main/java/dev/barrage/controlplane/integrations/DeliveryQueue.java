package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.events.RunEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Where deliveries are written down for the {@link DeliveryWorker}. */
@ApplicationScoped
public class DeliveryQueue {
    @Inject
    DeliveryWorker worker;

    public void add(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        for (Delivery d : deliveries) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    boolean once = !d.event.equals("run.progress");
                    if (!once || Delivery.count("runId = ?1 and kind = ?2 and event = ?3 and action = ?4",
                            d.runId, d.kind, d.event, d.action) == 0) {
                        d.persist();
                    }
                });
            } catch (RuntimeException e) {
                if (!duplicate(e)) {
                    throw e;
                }
                // another instance wrote the same delivery between our check and our insert: it is sent once
            }
        }
        worker.wake();
    }

    private static boolean duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException
                    || t.getMessage() != null && t.getMessage().contains("integration_deliveries_once")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A delivery about a run, as planned by a channel.
     *
     * @param cause what it answers: the event's type, or "run.progress" for numbers sent while the run goes on
     */
    public static Delivery delivery(RunEvent event, String cause, IntegrationKind kind, Channel.Planned p) {
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.accountId = event.accountId();
        d.projectId = event.projectId();
        d.runId = event.runId();
        d.kind = kind.id();
        d.event = cause;
        d.action = p.action();
        d.payload = IntegrationSettings.toJson(p.payload());
        OffsetDateTime now = OffsetDateTime.now();
        d.createdAt = now;
        d.updatedAt = now;
        d.nextAttemptAt = now;
        if (p.skipReason() != null) {
            d.status = Delivery.SKIPPED;
            d.detail = p.skipReason();
            d.orderingKey = "skipped:" + d.id;
        } else {
            d.status = Delivery.PENDING;
            d.orderingKey = p.orderingKey();
        }
        return d;
    }
}
