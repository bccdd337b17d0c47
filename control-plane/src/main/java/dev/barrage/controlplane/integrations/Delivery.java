package dev.barrage.controlplane.integrations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One message to an integration about a run (a Slack message, a commit status, a pull request comment, a batch of
 * Datadog points, a Datadog event) and what became of it: pending, sending, delivered, failed or skipped.
 */
@Entity
@Table(name = "integration_deliveries")
public class Delivery extends PanacheEntityBase {
    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    @Id
    public UUID id;

    /** Insertion order, from the database; deliveries with one ordering key go out in this order. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    public UUID accountId;
    public UUID projectId;
    public UUID runId;
    public String kind;
    /** The run event that caused it: run.started, run.finished, run.stopped, run.failed (or run.progress). */
    public String event;
    /** What it does, e.g. message, commit-status, pr-comment, series, event. */
    public String action;
    public String orderingKey;

    /** What to send, as the kind's channel wrote it when the event happened; never a secret. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String payload;

    public String status;
    public int attempts;
    public OffsetDateTime nextAttemptAt;
    public OffsetDateTime leaseUntil;
    public Integer lastStatusCode;
    public String detail;
    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;
    public OffsetDateTime deliveredAt;

    public IntegrationKind kind() {
        return IntegrationKind.of(kind);
    }
}
