package dev.barrage.controlplane.runs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One runner of a run and the last thing it said. */
@Entity
@Table(name = "run_runners")
@IdClass(RunRunner.Key.class)
public class RunRunner extends PanacheEntityBase {
    @Id
    public UUID runId;

    @Id
    public int runnerIndex;

    public String runnerId;
    /** launching, ready, running, stopped, failed, lost */
    public String status;
    public String message;
    public long lastSequence;
    public OffsetDateTime updatedAt;

    public static List<RunRunner> ofRun(UUID runId) {
        return list("runId = ?1 order by runnerIndex", runId);
    }

    public record Key(UUID runId, int runnerIndex) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
