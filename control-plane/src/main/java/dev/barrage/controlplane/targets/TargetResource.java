package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Target hosts of the caller's account and the proof that the account owns them: add a host, publish the token it
 * gets (a DNS TXT record or a file on the host), verify. Until then a host takes only trial runs.
 */
@io.quarkus.security.Authenticated
@Path("/api/targets")
public class TargetResource {
    @Inject
    CallerResolver callers;

    @Inject
    OwnershipProof proof;

    public record NewTarget(String host) {}

    /** How to prove ownership: either of the two. */
    public record Instructions(String dnsName, String dnsValue, String filePath, String fileContent) {}

    public record TargetView(UUID id, String host, boolean verified, String method, OffsetDateTime verifiedAt,
            String verifiedBy, String createdBy, OffsetDateTime createdAt, Instructions instructions) {
        static TargetView of(TargetHost t) {
            return new TargetView(t.id, t.host, t.verified(), t.method, t.verifiedAt, t.verifiedBy, t.createdBy,
                    t.createdAt, new Instructions(OwnershipProof.DNS_PREFIX + t.host, OwnershipProof.TXT_PREFIX + t.token,
                            OwnershipProof.WELL_KNOWN_PATH, t.token));
        }
    }

    /**
     * @param method dns or file; both are tried when absent
     * @param origin where the file is fetched from, e.g. {@code https://shop.example.com:8443}; by default https and
     *     then http on the host's standard ports
     */
    public record Verify(String method, String origin) {}

    public record Verification(TargetView target, List<OwnershipProof.Outcome> tried) {}

    @GET
    public List<TargetView> list() {
        Caller caller = callers.caller();
        return QuarkusTransaction.requiringNew().call(() -> TargetHost.<TargetHost>list(
                "accountId = ?1 order by host", caller.accountId()).stream().map(TargetView::of).toList());
    }

    @POST
    public Response add(NewTarget body) {
        Caller caller = person("adding a target host");
        String host = TargetAddresses.normalise(body == null ? null : body.host());
        if (host.isEmpty() || !host.matches("[a-z0-9.:-]{1,253}")) {
            throw ProblemException.badRequest("host must be a host name such as shop.example.com (or a URL), got '"
                    + (body == null ? null : body.host()) + "'").with("field", "host");
        }
        TargetHost target = QuarkusTransaction.requiringNew().call(() -> {
            TargetHost existing = TargetHost.<TargetHost>find("accountId = ?1 and host = ?2", caller.accountId(), host)
                    .firstResult();
            if (existing != null) {
                return existing;
            }
            TargetHost t = new TargetHost();
            t.id = UUID.randomUUID();
            t.accountId = caller.accountId();
            t.host = host;
            t.token = Hashes.randomToken().substring(0, 32);
            t.createdBy = caller.subject();
            t.createdAt = OffsetDateTime.now();
            t.persist();
            return t;
        });
        return Response.status(201).entity(TargetView.of(target)).build();
    }

    @GET
    @Path("/{targetId}")
    public TargetView get(@PathParam("targetId") UUID targetId) {
        Caller caller = callers.caller();
        return TargetView.of(QuarkusTransaction.requiringNew().call(() -> owned(targetId, caller)));
    }

    @POST
    @Path("/{targetId}/verify")
    public Verification verify(@PathParam("targetId") UUID targetId, Verify body) {
        Caller caller = person("verifying a target host");
        TargetHost target = QuarkusTransaction.requiringNew().call(() -> owned(targetId, caller));
        String method = body == null || body.method() == null ? "" : body.method();
        if (!List.of("", "dns", "file").contains(method)) {
            throw ProblemException.badRequest("method must be dns or file, got '" + method + "'").with("field", "method");
        }
        if (TargetAddresses.of(target.host) == TargetAddresses.FORBIDDEN) {
            throw ProblemException.forbidden(target.host + " resolves to a link-local, wildcard or multicast address:"
                    + " it can never be a target");
        }
        // the control plane does not fetch files from a private or cluster network for anyone, nor relay what it found
        boolean fileAccepted = TargetPolicy.fileProofAccepted(target.host);
        if (method.equals("file") && !fileAccepted) {
            throw ProblemException.badRequest(target.host + " is in a private, shared or cluster network: only a DNS TXT"
                    + " record proves its ownership (method dns)").with("field", "method");
        }
        List<URI> origins = origins(target.host, body == null ? null : body.origin());
        List<OwnershipProof.Outcome> tried = new java.util.ArrayList<>();
        if (!method.equals("file")) {
            tried.add(proof.dns(target.host, target.token));
        }
        if (!method.equals("dns") && fileAccepted) {
            for (URI origin : origins) {
                if (tried.stream().anyMatch(OwnershipProof.Outcome::found)) {
                    break;
                }
                tried.add(proof.file(origin, target.token));
            }
        }
        OwnershipProof.Outcome found = tried.stream().filter(OwnershipProof.Outcome::found).findFirst().orElse(null);
        if (found == null) {
            throw new ProblemException(422, "Ownership Not Proved", "the token of this account was not found for "
                    + target.host + ": " + String.join("; ", tried.stream().map(o -> o.looked() + ": " + o.detail()).toList()))
                    .with("tried", tried);
        }
        TargetHost updated = QuarkusTransaction.requiringNew().call(() -> {
            TargetHost t = TargetHost.findById(target.id);
            t.verifiedAt = OffsetDateTime.now();
            t.verifiedBy = caller.subject();
            t.method = found.method();
            return t;
        });
        return new Verification(TargetView.of(updated), tried);
    }

    @DELETE
    @Path("/{targetId}")
    public Response remove(@PathParam("targetId") UUID targetId) {
        Caller caller = callers.caller();
        caller.requirePerson("removing a target host");
        caller.require(Role.ADMIN, "removing a target host");
        QuarkusTransaction.requiringNew().run(() -> owned(targetId, caller).delete());
        return Response.noContent().build();
    }

    private Caller person(String action) {
        Caller caller = callers.caller();
        caller.requirePerson(action);
        caller.require(Role.MEMBER, action);
        return caller;
    }

    private static TargetHost owned(UUID targetId, Caller caller) {
        TargetHost t = TargetHost.findById(targetId);
        if (t == null || !t.accountId.equals(caller.accountId())) {
            throw ProblemException.notFound("target " + targetId);
        }
        return t;
    }

    /** The origin asked for (same host only), else https then http on the standard ports. */
    private static List<URI> origins(String host, String origin) {
        String bracketed = host.contains(":") ? "[" + host + "]" : host;
        if (origin == null || origin.isBlank()) {
            return List.of(URI.create("https://" + bracketed), URI.create("http://" + bracketed));
        }
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("origin must be a URL such as https://" + host).with("field", "origin");
        }
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null
                || !TargetAddresses.normalise(uri.getHost()).equals(host)) {
            throw ProblemException.badRequest("origin must be an http(s) URL of " + host + ", got '" + origin + "'")
                    .with("field", "origin");
        }
        return List.of(URI.create(uri.getScheme() + "://" + uri.getRawAuthority()));
    }
}
