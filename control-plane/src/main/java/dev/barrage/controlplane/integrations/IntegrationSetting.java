package dev.barrage.controlplane.integrations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One integration of one project: its settings in the clear ({@code config}, JSON of the kind's settings record) and
 * its secret sealed by {@link SecretBox}, with the last characters kept aside to show which secret it is.
 */
@Entity
@Table(name = "integration_settings")
@IdClass(IntegrationSetting.Key.class)
public class IntegrationSetting extends PanacheEntityBase {
    @Id
    public UUID projectId;

    @Id
    public String kind;

    public UUID accountId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String config;

    /** Sealed; see {@link SecretBox}. Never leaves the control plane. */
    public String secret;

    public String secretHint;
    public String updatedBy;
    public OffsetDateTime updatedAt;

    public IntegrationKind kind() {
        return IntegrationKind.of(kind);
    }

    public static IntegrationSetting of(UUID projectId, IntegrationKind kind) {
        return findById(new Key(projectId, kind.id()));
    }

    public static List<IntegrationSetting> ofProject(UUID projectId) {
        return list("projectId = ?1 order by kind", projectId);
    }

    public record Key(UUID projectId, String kind) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
