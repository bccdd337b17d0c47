package dev.barrage.controlplane.scenarios;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One upload of a scenario: never changed once stored. */
@Entity
@Table(name = "scenario_versions")
public class ScenarioVersion extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID scenarioId;
    public int version;
    public String fileName;
    public String source;
    public String sha256;
    /** What drives its users ({@code dev.barrage.runner.scenario.LoadProfile} as JSON), as the upload check found it. */
    public String loadProfile;
    public String createdBy;
    public OffsetDateTime createdAt;

    /**
     * How reports and messages name the scenario: its file ({@code Shop.java}), or for a version of several
     * {@code .java} files its folder ({@code Storefront/}), as {@code barrage run -f DIR} names it. Within a transaction.
     */
    public String shownName() {
        if (ScenarioFile.count("versionId = ?1 and name like ?2", id, "%.java") == 0) {
            return fileName;
        }
        Scenario scenario = Scenario.findById(scenarioId);
        return scenario.name + "/";
    }
}
