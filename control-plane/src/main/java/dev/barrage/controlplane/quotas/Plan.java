package dev.barrage.controlplane.quotas;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A plan: VU-hours per calendar month (UTC) and the limits of each run. */
@Entity
@Table(name = "plans")
public class Plan extends PanacheEntityBase {
    @Id
    public String id;

    public String name;
    /** Null when the allowance is set per account. */
    public BigDecimal vuHoursPerMonth;
    public int maxUsersPerRun;
    public int maxConcurrentRuns;
    public long maxRunSeconds;
    public int maxRunners;
}
