package dev.barrage.controlplane.accounts;

import dev.barrage.controlplane.security.ProblemException;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling and in which account, as resolved for this request: a person with a role, or a project API token
 * with scopes, confined to its project.
 *
 * @param projectScope the one project an API token may touch; null for a person
 */
public record Caller(String subject, String email, UUID accountId, Role role, UUID projectScope, Set<String> scopes) {
    public static final String SCOPE_RUNS_READ = "runs:read";
    public static final String SCOPE_RUNS_WRITE = "runs:write";
    public static final String SCOPE_SCENARIOS_WRITE = "scenarios:write";
    public static final Set<String> ALL_SCOPES = Set.of(SCOPE_RUNS_READ, SCOPE_RUNS_WRITE, SCOPE_SCENARIOS_WRITE);

    public static Caller person(String subject, String email, UUID accountId, Role role) {
        return new Caller(subject, email, accountId, role, null, ALL_SCOPES);
    }

    public boolean isToken() {
        return projectScope != null;
    }

    /** Refuses the request unless the caller's role is at least {@code needed}. */
    public void require(Role needed, String action) {
        if (!role.atLeast(needed)) {
            throw ProblemException.forbidden((isToken() ? "an API token" : "your role in this account is " + role.id())
                    + "; " + action + " needs " + needed.id() + " or above");
        }
    }

    /** Refuses an API token without the scope; people have every scope their role allows. */
    public void requireScope(String scope, String action) {
        if (!scopes.contains(scope)) {
            throw ProblemException.forbidden(action + " needs an API token with the scope '" + scope + "'; this one has "
                    + scopes);
        }
    }

    /** Refuses what only a signed-in person may do, such as managing tokens or members. */
    public void requirePerson(String action) {
        if (isToken()) {
            throw ProblemException.forbidden(action + " needs a signed-in person, not an API token");
        }
    }

    /** True when this caller may see the project: always within the account, unless a token is confined elsewhere. */
    public boolean canSee(UUID accountId, UUID projectId) {
        return this.accountId.equals(accountId) && (projectScope == null || projectScope.equals(projectId));
    }
}
