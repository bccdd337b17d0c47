package dev.barrage.controlplane.targets;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A host name an account asked to verify, with the token it must publish, and when it proved ownership. */
@Entity
@Table(name = "target_hosts")
public class TargetHost extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID accountId;
    /** Lower case, without port: ownership is of the name, whatever port the service listens on. */
    public String host;
    /** Not a secret: it is published in DNS or on the host; it only ties the record to this account. */
    public String token;
    public String createdBy;
    public OffsetDateTime createdAt;
    public OffsetDateTime verifiedAt;
    public String verifiedBy;
    /** dns or file */
    public String method;

    public boolean verified() {
        return verifiedAt != null;
    }
}
