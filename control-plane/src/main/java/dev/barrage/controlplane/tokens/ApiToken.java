package dev.barrage.controlplane.tokens;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A project API token. Only its hash is stored; the visible prefix finds it. */
@Entity
@Table(name = "api_tokens")
public class ApiToken extends PanacheEntityBase {
    /** Every token starts so: easy to recognise in a leaked log, and to tell apart from a Keycloak JWT. */
    public static final String MARK = "brg_";
    static final int PREFIX_LENGTH = MARK.length() + 8;

    @Id
    public UUID id;

    public UUID accountId;
    public UUID projectId;
    public String name;
    public String prefix;
    public String tokenHash;
    /** Comma-separated. */
    public String scopes;
    public String createdBy;
    public OffsetDateTime createdAt;
    public OffsetDateTime lastUsedAt;
    public OffsetDateTime revokedAt;

    public Set<String> scopeSet() {
        return new TreeSet<>(Arrays.asList(scopes.split(",")));
    }
}
