package dev.barrage.controlplane.secrets;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A value a project's scenarios read with {@code parameter(NAME)} that nobody reads back: sealed by the integrations'
 * {@code SecretBox} (AES-256-GCM, bound to its project and name), opened only to hand it to the runners of a run.
 */
@Entity
@Table(name = "project_secrets")
@IdClass(ProjectSecret.Key.class)
public class ProjectSecret extends PanacheEntityBase {
    @Id
    public UUID projectId;

    @Id
    public String name;

    public UUID accountId;

    /** Sealed; never leaves the control plane but to a run's runners. */
    public String value;

    public String updatedBy;
    public OffsetDateTime updatedAt;

    public static List<ProjectSecret> of(UUID projectId) {
        return list("projectId = ?1 order by name", projectId);
    }

    /** What {@code value} is sealed with: its project and name, so that it opens nowhere else. */
    static String context(UUID projectId, String name) {
        return "project-secret:" + projectId + ":" + name;
    }

    public record Key(UUID projectId, String name) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
