package dev.barrage.controlplane.accounts;

import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.controlplane.tokens.ApiTokenIdentity;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Resolves the signed-in person to an account membership. On first sign-in a person gets an account of their own, of
 * which they are owner. With several memberships, the {@code X-Barrage-Account} header chooses one.
 */
@RequestScoped
public class CallerResolver {
    public static final String ACCOUNT_HEADER = "X-Barrage-Account";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    @Inject
    HttpHeaders headers;

    private Caller caller;

    @Transactional
    public Caller caller() {
        if (caller == null) {
            caller = resolve();
        }
        return caller;
    }

    private Caller resolve() {
        if (identity.isAnonymous()) {
            throw new ProblemException(401, "Unauthorized", "sign in first: send 'Authorization: Bearer <token>'");
        }
        ApiTokenIdentity token = identity.getAttribute(ApiTokenIdentity.ATTRIBUTE);
        if (token != null) {
            return new Caller("token:" + token.tokenId(), null, token.accountId(), token.role(), token.projectId(),
                    token.scopes());
        }
        String subject = jwt.getSubject() != null ? jwt.getSubject() : identity.getPrincipal().getName();
        String email = jwt.getClaim("email");
        acceptInvitations(subject, email);
        List<Member> memberships = Member.ofSubject(subject);
        if (memberships.isEmpty()) {
            memberships = List.of(firstSignIn(subject, email));
        }
        String wanted = headers.getHeaderString(ACCOUNT_HEADER);
        Member chosen = memberships.getFirst();
        if (wanted != null && !wanted.isBlank()) {
            chosen = memberships.stream()
                    .filter(m -> m.accountId.toString().equals(wanted.trim()))
                    .findFirst()
                    .orElseThrow(() -> ProblemException.notFound("account " + wanted.trim()));
        }
        return Caller.person(subject, email, chosen.accountId, chosen.role());
    }

    /** Invitations to this person's verified e-mail become memberships. */
    private void acceptInvitations(String subject, String email) {
        Boolean verified = jwt.getClaim("email_verified");
        if (email == null || !Boolean.TRUE.equals(verified)) {
            return;
        }
        List<Invitation> pending = Invitation.list("lower(email) = ?1 and acceptedAt is null", email.toLowerCase(java.util.Locale.ROOT));
        for (Invitation invitation : pending) {
            if (Member.findById(new Member.Key(invitation.accountId, subject)) == null) {
                Member m = new Member();
                m.accountId = invitation.accountId;
                m.subject = subject;
                m.email = email;
                m.displayName = jwt.getClaim("name");
                m.role = invitation.role;
                m.createdAt = OffsetDateTime.now();
                m.persist();
            }
            invitation.acceptedAt = OffsetDateTime.now();
        }
    }

    private Member firstSignIn(String subject, String email) {
        String name = jwt.getClaim("preferred_username");
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.name = (name != null ? name : email != null ? email : "my") + "'s account";
        account.plan = "free";
        account.createdAt = OffsetDateTime.now();
        account.persist();
        Member owner = new Member();
        owner.accountId = account.id;
        owner.subject = subject;
        owner.email = email;
        owner.displayName = jwt.getClaim("name");
        owner.role = Role.OWNER.id();
        owner.createdAt = account.createdAt;
        owner.persist();
        return owner;
    }
}
