package dev.barrage.controlplane.quotas;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One metering batch of one run: the ledger a month's use is summed from. */
@Entity
@Table(name = "usage_ledger")
public class UsageEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public UUID accountId;
    public UUID runId;
    public LocalDate month;
    public long vuMillis;
    public OffsetDateTime periodStart;
    public OffsetDateTime periodEnd;
    public OffsetDateTime recordedAt;
}
