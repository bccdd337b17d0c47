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
        QuarkusTransaction.requiringNew().run(() -> deliveries.forEach(d -> d.persist()));
        worker.wake();
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
