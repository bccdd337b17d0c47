package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "runs")
public class Run extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID accountId;
    public UUID projectId;
    public UUID scenarioVersionId;
    public String status;
    public String statusReason;
    public String targetHost;
    public int users;
    public double spawnRate;
    public long durationSeconds;
    public long stopTimeoutSeconds;
    public long reservedVuMillis;
    public long meteredVuMillis;
    /** Records keyed with this run that its runners did not send, refused (RunnerReportsConsumer). */
    public long rejectedRecords;
    public int runners;
    /** Comma-separated. */
    public String tags;
    public String gitRepository;
    public String gitBranch;
    public String gitCommit;
    public Integer gitPullRequest;
    public String runTokenHash;
    public String createdBy;
    public OffsetDateTime createdAt;
    public OffsetDateTime startedAt;
    public OffsetDateTime endedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String report;

    /** The parameters it was started with, a JSON object; null for none. Never the project's secrets. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String parameters;

    /** The run's thresholds, one expression per line; null when it has none. */
    public String thresholds;

    /** The verdicts on the thresholds (the runner's {@code ThresholdResult}s), once the run has ended. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String thresholdResults;

    /** The run against its project's baseline run ({@code BaselineVerdict}), when it had one as the run ended. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String baselineVerdict;

    public RunStatus status() {
        return RunStatus.of(status);
    }

    /** The run if the caller may see it; another tenant's id is answered as not found. */
    public static Run owned(UUID id, Caller caller) {
        Run run = find("id = ?1 and accountId = ?2", id, caller.accountId()).firstResult();
        if (run == null || !caller.canSee(run.accountId, run.projectId)) {
            throw ProblemException.notFound("run " + id);
        }
        return run;
    }
}
