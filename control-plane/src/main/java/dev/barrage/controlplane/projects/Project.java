package dev.barrage.controlplane.projects;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

@Entity
@Table(name = "projects")
public class Project extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID accountId;
    public String name;
    public OffsetDateTime createdAt;

    /** The run later runs are judged against when they end; null for none. */
    public UUID baselineRunId;

    /** The baseline's {@code Tolerance} as JSON; null for the default. */
    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON)
    @jakarta.persistence.Column(columnDefinition = "jsonb")
    public String baselineTolerance;

    /** The project if the caller may see it; another tenant's id is answered as not found. */
    public static Project owned(UUID id, Caller caller) {
        Project p = find("id = ?1 and accountId = ?2", id, caller.accountId()).firstResult();
        if (p == null || !caller.canSee(p.accountId, p.id)) {
            throw ProblemException.notFound("project " + id);
        }
        return p;
    }
}
