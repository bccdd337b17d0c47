package dev.barrage.controlplane.tokens;

import dev.barrage.controlplane.security.Hashes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates {@code Authorization: Bearer brg_...} with a project API token. It runs before the OIDC mechanism and
 * steps aside for any other bearer token, which Keycloak's mechanism then checks.
 */
@ApplicationScoped
public class ApiTokenAuthentication implements HttpAuthenticationMechanism {
    private static final String BEARER = "Bearer ";

    @Inject
    FailedAttempts failedAttempts;

    @Inject
    ClientAddress clientAddress;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.startsWith(BEARER + ApiToken.MARK)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        String token = header.substring(BEARER.length()).trim();
        Optional<String> address = clientAddress.of(context.request());
        if (failedAttempts.blocked(token, address)) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "too many failed attempts with this token or from this address; wait a minute"));
        }
        return identities.authenticate(new ApiTokenRequest(token, address));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    /** Checks the token against its stored hash, with a comparison that takes the same time whatever the token. */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<ApiTokenRequest> {
        @Inject
        FailedAttempts failedAttempts;

        @Override
        public Class<ApiTokenRequest> getRequestType() {
            return ApiTokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> {
                ApiTokenIdentity granted = QuarkusTransaction.requiringNew().call(() -> check(request.token));
                if (granted == null) {
                    failedAttempts.failed(request.token, request.clientAddress);
                    throw new AuthenticationFailedException("unknown or revoked API token");
                }
                return QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("token:" + granted.tokenId()))
                        .addAttribute(ApiTokenIdentity.ATTRIBUTE, granted)
                        .addRole("api-token")
                        .build();
            });
        }

        private static ApiTokenIdentity check(String token) {
            if (token.length() < ApiToken.PREFIX_LENGTH) {
                return null;
            }
            ApiToken stored = ApiToken.find("prefix", token.substring(0, ApiToken.PREFIX_LENGTH)).firstResult();
            if (stored == null || stored.revokedAt != null || !Hashes.sameHash(stored.tokenHash, token)) {
                return null;
            }
            OffsetDateTime now = OffsetDateTime.now();
            if (stored.lastUsedAt == null || stored.lastUsedAt.plus(Duration.ofMinutes(1)).isBefore(now)) {
                stored.lastUsedAt = now; // once a minute is enough for "last used"
            }
            return new ApiTokenIdentity(stored.id, stored.accountId, stored.projectId, stored.scopeSet());
        }
    }
}
