package dev.barrage.controlplane.tokens;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An {@code Authorization: Bearer brg_...} header waiting to be checked. */
final class ApiTokenRequest extends BaseAuthenticationRequest {
    final String token;
    final String remoteAddress;

    ApiTokenRequest(String token, String remoteAddress) {
        this.token = token;
        this.remoteAddress = remoteAddress;
    }
}
