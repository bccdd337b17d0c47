package dev.barrage.controlplane.accounts;

import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The people of the current account: members with roles, and invitations waiting for someone to sign in. */
@Authenticated
@Path("/api/members")
public class MemberResource {
    @Inject
    CallerResolver callers;

    public record MemberView(String subject, String email, String displayName, String role, OffsetDateTime since) {
        static MemberView of(Member m) {
            return new MemberView(m.subject, m.email, m.displayName, m.role, m.createdAt);
        }
    }

    public record InvitationView(UUID id, String email, String role, String invitedBy, OffsetDateTime createdAt) {
        static InvitationView of(Invitation i) {
            return new InvitationView(i.id, i.email, i.role, i.invitedBy, i.createdAt);
        }
    }

    public record People(List<MemberView> members, List<InvitationView> invitations) {}

    public record NewInvitation(String email, String role) {}

    public record RoleChange(String role) {}

    @GET
    public People list() {
        Caller caller = callers.caller();
        caller.requirePerson("listing members");
        List<MemberView> members = Member.<Member>list("accountId = ?1 order by createdAt", caller.accountId()).stream()
                .map(MemberView::of).toList();
        List<InvitationView> invitations = Invitation.<Invitation>list(
                        "accountId = ?1 and acceptedAt is null order by createdAt", caller.accountId()).stream()
                .map(InvitationView::of).toList();
        return new People(members, invitations);
    }

    @POST
    @Path("/invitations")
    @Transactional
    public Response invite(NewInvitation body) {
        Caller caller = callers.caller();
        caller.requirePerson("inviting people");
        caller.require(Role.ADMIN, "inviting people");
        String email = body == null || body.email() == null ? "" : body.email().trim().toLowerCase(Locale.ROOT);
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ProblemException.badRequest("email must be an e-mail address, got '" + email + "'").with("field", "email");
        }
        Role role = parseRole(body.role());
        if (role == Role.OWNER) {
            throw ProblemException.badRequest("invite as admin, member or viewer; make someone owner once they joined")
                    .with("field", "role");
        }
        if (Member.count("accountId = ?1 and lower(email) = ?2", caller.accountId(), email) > 0) {
            throw ProblemException.conflict(email + " is already a member of this account");
        }
        Invitation existing = Invitation.find("accountId = ?1 and email = ?2", caller.accountId(), email).firstResult();
        if (existing != null) {
            existing.delete();
            Invitation.flush();
        }
        Invitation i = new Invitation();
        i.id = UUID.randomUUID();
        i.accountId = caller.accountId();
        i.email = email;
        i.role = role.id();
        i.invitedBy = caller.subject();
        i.createdAt = OffsetDateTime.now();
        i.persist();
        return Response.status(201).entity(InvitationView.of(i)).build();
    }

    @DELETE
    @Path("/invitations/{invitationId}")
    @Transactional
    public Response withdraw(@PathParam("invitationId") UUID invitationId) {
        Caller caller = callers.caller();
        caller.requirePerson("withdrawing an invitation");
        caller.require(Role.ADMIN, "withdrawing an invitation");
        long deleted = Invitation.delete("id = ?1 and accountId = ?2 and acceptedAt is null", invitationId, caller.accountId());
        if (deleted == 0) {
            throw ProblemException.notFound("invitation " + invitationId);
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("/{subject}/role")
    @Transactional
    public MemberView changeRole(@PathParam("subject") String subject, RoleChange body) {
        Caller caller = callers.caller();
        caller.requirePerson("changing a role");
        caller.require(Role.ADMIN, "changing a role");
        Member member = member(caller, subject);
        Role wanted = parseRole(body == null ? null : body.role());
        if ((wanted == Role.OWNER || member.role() == Role.OWNER) && caller.role() != Role.OWNER) {
            throw ProblemException.forbidden("only an owner may make or unmake owners");
        }
        if (member.role() == Role.OWNER && wanted != Role.OWNER) {
            requireAnotherOwner(caller, subject);
        }
        member.role = wanted.id();
        return MemberView.of(member);
    }

    @DELETE
    @Path("/{subject}")
    @Transactional
    public Response remove(@PathParam("subject") String subject) {
        Caller caller = callers.caller();
        caller.requirePerson("removing a member");
        boolean leaving = caller.subject().equals(subject);
        if (!leaving) {
            caller.require(Role.ADMIN, "removing a member");
        }
        Member member = member(caller, subject);
        if (member.role() == Role.OWNER) {
            if (!leaving && caller.role() != Role.OWNER) {
                throw ProblemException.forbidden("only an owner may remove an owner");
            }
            requireAnotherOwner(caller, subject);
        }
        member.delete();
        return Response.noContent().build();
    }

    private static Member member(Caller caller, String subject) {
        Member m = Member.findById(new Member.Key(caller.accountId(), subject));
        if (m == null) {
            throw ProblemException.notFound("member " + subject);
        }
        return m;
    }

    private static void requireAnotherOwner(Caller caller, String subject) {
        if (Member.count("accountId = ?1 and role = 'owner' and subject <> ?2", caller.accountId(), subject) == 0) {
            throw ProblemException.conflict("an account needs an owner: make someone else owner first");
        }
    }

    private static Role parseRole(String role) {
        try {
            return Role.of(role == null ? "" : role.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("role must be one of owner, admin, member, viewer").with("field", "role");
        }
    }
}
