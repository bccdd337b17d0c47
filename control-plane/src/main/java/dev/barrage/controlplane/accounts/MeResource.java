package dev.barrage.controlplane.accounts;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.UUID;

/** Who am I, and which accounts can I switch to. */
@io.quarkus.security.Authenticated
@Path("/api/me")
public class MeResource {
    @Inject
    CallerResolver callers;

    public record AccountView(UUID id, String name, String plan, String role) {}

    public record MeView(String subject, String email, UUID currentAccount, String role, List<AccountView> accounts) {}

    @GET
    public MeView me() {
        Caller caller = callers.caller();
        List<AccountView> accounts = Member.ofSubject(caller.subject()).stream().map(m -> {
            Account a = Account.findById(m.accountId);
            return new AccountView(a.id, a.name, a.plan, m.role);
        }).toList();
        return new MeView(caller.subject(), caller.email(), caller.accountId(), caller.role().id(), accounts);
    }
}
