package dev.barrage.controlplane.accounts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A person's membership in an account, with their role there. {@code subject} is their Keycloak user id. */
@Entity
@Table(name = "members")
@IdClass(Member.Key.class)
public class Member extends PanacheEntityBase {
    @Id
    public UUID accountId;

    @Id
    public String subject;

    public String email;
    public String displayName;
    public String role;
    public OffsetDateTime createdAt;

    public Role role() {
        return Role.of(role);
    }

    public static List<Member> ofSubject(String subject) {
        return list("subject = ?1 order by createdAt", subject);
    }

    public record Key(UUID accountId, String subject) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
