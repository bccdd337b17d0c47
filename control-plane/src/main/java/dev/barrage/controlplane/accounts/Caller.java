package dev.barrage.controlplane.accounts;

import dev.barrage.controlplane.security.ProblemException;
import java.util.UUID;

/** Who is calling and in which account, as resolved for this request. */
public record Caller(String subject, String email, UUID accountId, Role role) {

    /** Refuses the request unless the caller's role is at least {@code needed}. */
    public void require(Role needed, String action) {
        if (!role.atLeast(needed)) {
            throw ProblemException.forbidden("your role in this account is " + role.id() + "; " + action + " needs "
                    + needed.id() + " or above");
        }
    }
}
