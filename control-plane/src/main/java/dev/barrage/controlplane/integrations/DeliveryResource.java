package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.runs.Run;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the integrations were sent about a run, and what became of each: the run page's delivery list. Rooted at
 * {@code /api} like the runs' own resource: a root path under {@code /api/runs/} would be the longest literal match
 * for every run URL, and take them all.
 */
@io.quarkus.security.Authenticated
@Path("/api")
public class DeliveryResource {
    @Inject
    CallerResolver callers;

    /**
     * One delivery. {@code status}: pending (waiting for its first or next attempt, see {@code nextAttemptAt}),
     * sending, delivered, failed (refused, or given up after the last attempt), skipped (never sent; see
     * {@code detail}).
     */
    public record DeliveryView(UUID id, String integration, String event, String action, String status, int attempts,
            Integer lastStatusCode, String detail, OffsetDateTime createdAt, OffsetDateTime updatedAt,
            OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {
        static DeliveryView of(Delivery d) {
            boolean open = d.status.equals(Delivery.PENDING) || d.status.equals(Delivery.SENDING);
            return new DeliveryView(d.id, d.kind, d.event, d.action, d.status, d.attempts, d.lastStatusCode, d.detail,
                    d.createdAt, d.updatedAt, open ? d.nextAttemptAt : null, d.deliveredAt);
        }
    }

    /** In the order they were planned; {@code integration} (slack, datadog, github) narrows the list. */
    @GET
    @Path("/runs/{id}/deliveries")
    public List<DeliveryView> list(@PathParam("id") UUID id, @QueryParam("integration") String integration,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        Caller caller = callers.caller();
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.owned(id, caller));
        caller.requireScope(Caller.SCOPE_RUNS_READ, "reading a run's deliveries");
        int size = Math.max(1, Math.min(limit, 5000));
        return QuarkusTransaction.requiringNew().call(() -> (integration == null || integration.isBlank()
                ? Delivery.<Delivery>find("runId = ?1 order by seq", run.id)
                : Delivery.<Delivery>find("runId = ?1 and kind = ?2 order by seq", run.id, integration.strip()))
                .page(0, size).list().stream().map(DeliveryView::of).toList());
    }
}
