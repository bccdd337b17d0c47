package dev.barrage.controlplane.targets;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One run's trial against one host its account has not verified. */
@Entity
@Table(name = "trial_runs")
public class TrialRun extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID accountId;
    public String host;
    public UUID runId;
    public OffsetDateTime startedAt;
}
