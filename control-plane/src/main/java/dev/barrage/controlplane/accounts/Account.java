package dev.barrage.controlplane.accounts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The tenant: everything a team owns hangs off its account. */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {
    @Id
    public UUID id;

    public String name;
    public String plan;
    /** The monthly allowance of an enterprise account, whose plan leaves it open. */
    public java.math.BigDecimal vuHoursPerMonth;
    public OffsetDateTime createdAt;
}
