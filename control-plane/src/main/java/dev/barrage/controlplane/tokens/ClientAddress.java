package dev.barrage.controlplane.tokens;

import dev.barrage.controlplane.BarrageConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client's address when it is known for certain: forwarded by a proxy the control plane trusts
 * ({@code quarkus.http.proxy.trusted-proxies}; Quarkus then puts the forwarded address in place of the proxy's and marks
 * the request {@code X-Forwarded-Trusted-Proxy: true}, replacing any such header a client sent), or the connection's own
 * peer where clients connect directly ({@code barrage.tokens.direct-clients}). A trusted proxy's own address is never a
 * client's.
 */
@ApplicationScoped
public class ClientAddress {
    static final String TRUSTED_PROXY_HEADER = "X-Forwarded-Trusted-Proxy";

    @Inject
    BarrageConfig config;

    @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
    boolean forwarding;

    @ConfigProperty(name = "quarkus.http.proxy.enable-trusted-proxy-header", defaultValue = "false")
    boolean trustedProxyHeader;

    // without a list Quarkus trusts every peer as a proxy, and anyone could name any address
    @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
    Optional<List<String>> trustedProxies;

    public Optional<String> of(HttpServerRequest request) {
        String peer = host(request.connection() == null ? null : request.connection().remoteAddress());
        if (honoursProxies() && "true".equals(request.getHeader(TRUSTED_PROXY_HEADER))) {
            String forwarded = host(request.remoteAddress());
            return forwarded == null || forwarded.equals(peer) ? Optional.empty() : Optional.of(forwarded);
        }
        return config.tokens().directClients() ? Optional.ofNullable(peer) : Optional.empty();
    }

    /** Only then has Quarkus set (or removed) the trusted-proxy header itself. */
    private boolean honoursProxies() {
        return forwarding && trustedProxyHeader && trustedProxies.filter(l -> !l.isEmpty()).isPresent();
    }

    private static String host(SocketAddress address) {
        return address == null ? null : address.hostAddress() != null ? address.hostAddress() : address.host();
    }
}
