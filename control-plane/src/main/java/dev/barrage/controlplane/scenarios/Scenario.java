package dev.barrage.controlplane.scenarios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A named scenario of a project; its content lives in immutable {@link ScenarioVersion}s. */
@Entity
@Table(name = "scenarios")
public class Scenario extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID projectId;
    public String name;
    public OffsetDateTime createdAt;
}
