package dev.barrage.controlplane.scenarios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/** A data file of a scenario version, e.g. the CSV a feeder reads. */
@Entity
@Table(name = "scenario_files")
@IdClass(ScenarioFile.Key.class)
public class ScenarioFile extends PanacheEntityBase {
    @Id
    public UUID versionId;

    @Id
    public String name;

    public byte[] content;

    public static List<ScenarioFile> of(UUID versionId) {
        return list("versionId = ?1 order by name", versionId);
    }

    public record Key(UUID versionId, String name) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
