package dev.barrage.controlplane.tokens;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import java.util.Optional;

/** An {@code Authorization: Bearer brg_...} header waiting to be checked. */
final class ApiTokenRequest extends BaseAuthenticationRequest {
    final String token;
    /** Empty when the client's address is not known for certain (see {@link ClientAddress}). */
    final Optional<String> clientAddress;

    ApiTokenRequest(String token, Optional<String> clientAddress) {
        this.token = token;
        this.clientAddress = clientAddress;
    }
}
