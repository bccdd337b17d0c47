package dev.barrage.controlplane.accounts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An invitation to join an account with a role, accepted when a person with that verified e-mail signs in. */
@Entity
@Table(name = "invitations")
public class Invitation extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID accountId;
    public String email;
    public String role;
    public String invitedBy;
    public OffsetDateTime createdAt;
    public OffsetDateTime acceptedAt;
}
