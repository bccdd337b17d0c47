package dev.barrage.controlplane.tokens;

import dev.barrage.controlplane.accounts.Role;
import java.util.Set;
import java.util.UUID;

/** What a valid API token grants, carried as an attribute of the security identity. */
public record ApiTokenIdentity(UUID tokenId, UUID accountId, UUID projectId, Set<String> scopes) {
    public static final String ATTRIBUTE = "barrage.api-token";

    /** Tokens act as members at most: what they may do is narrowed further by their scopes and their project. */
    public Role role() {
        return scopes.stream().anyMatch(s -> s.endsWith(":write")) ? Role.MEMBER : Role.VIEWER;
    }
}
