package dev.barrage.controlplane.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A guesser cannot lock out other clients: requests come over real sockets from distinct loopback addresses, 127.0.0.2
 * being the trusted proxy (the tests' stand-in for the chart's ingress, {@code quarkus.http.proxy.trusted-proxies}).
 * Every address used here is this class's own, so no other test's tokens are ever refused.
 */
@QuarkusTest
class TokenLockoutTest {
    private static final String PROXY = "127.0.0.2";
    private static final int PREFIX_LIMIT = 10;
    private static final int ADDRESS_LIMIT = 30;

    @Test
    void behindTheIngressBadTokensLockOutOnlyTheirOwnPrefix() throws IOException {
        String good = newToken();
        String hammered = newToken();

        // many clients behind the ingress, none forwarded: everything arrives from the proxy's own address
        for (int i = 0; i < ADDRESS_LIMIT * 2; i++) {
            assertThat(get(PROXY, randomToken(), List.of())).isEqualTo(401);
        }
        assertThat(get(PROXY, good, List.of())).as("a good token through the same ingress").isEqualTo(200);

        // one prefix guessed at: that prefix is refused, even with its right secret, and no other
        String prefix = hammered.substring(0, ApiToken.PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LIMIT; i++) {
            assertThat(get(PROXY, prefix + UUID.randomUUID().toString().replace("-", ""), List.of())).isEqualTo(401);
        }
        assertThat(get(PROXY, hammered, List.of())).isEqualTo(401);
        assertThat(get(PROXY, good, List.of())).isEqualTo(200);
    }

    @Test
    void anAddressForwardedByTheTrustedProxyIsCountedAsTheClients() throws IOException {
        String good = newToken();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            assertThat(get(PROXY, randomToken(), forwardedFor("203.0.113.7"))).isEqualTo(401);
        }
        assertThat(get(PROXY, good, forwardedFor("203.0.113.7"))).as("the guessing client").isEqualTo(401);
        assertThat(get(PROXY, good, forwardedFor("203.0.113.8"))).as("another client").isEqualTo(200);
        assertThat(get(PROXY, good, List.of())).as("the proxy itself").isEqualTo(200);
    }

    @Test
    void forwardingHeadersFromAnyoneElseAreIgnored() throws IOException {
        String good = newToken();
        // a direct client names a victim's address, once plainly and once claiming to be a trusted proxy itself
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            assertThat(get("127.0.0.3", randomToken(), forwardedFor("198.51.100.9"))).isEqualTo(401);
            List<String> claimsTrust = new ArrayList<>(forwardedFor("198.51.100.10"));
            claimsTrust.add(ClientAddress.TRUSTED_PROXY_HEADER + ": true");
            assertThat(get("127.0.0.4", randomToken(), claimsTrust)).isEqualTo(401);
        }
        assertThat(get(PROXY, good, forwardedFor("198.51.100.9"))).as("the named victim").isEqualTo(200);
        assertThat(get(PROXY, good, forwardedFor("198.51.100.10"))).as("the named victim").isEqualTo(200);
        // what was counted is the connection's real address
        assertThat(get("127.0.0.3", good, List.of())).isEqualTo(401);
        assertThat(get("127.0.0.4", good, List.of())).isEqualTo(401);
    }

    private static String newToken() {
        String project = Api.newProject(Keycloak.DEMO);
        return Api.as(Keycloak.DEMO).body(Map.of("name", "ci", "scopes", List.of("runs:read")))
                .post("/api/projects/" + project + "/tokens").then().statusCode(201).extract().path("secret");
    }

    private static String randomToken() {
        return ApiToken.MARK + UUID.randomUUID().toString().replace("-", "") + "x".repeat(20);
    }

    private static List<String> forwardedFor(String address) {
        return List.of("X-Forwarded-For: " + address);
    }

    /** GET /api/runs over a socket bound to {@code from}; answers the status code. */
    private static int get(String from, String token, List<String> headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append("Authorization: Bearer ").append(token).append("\r\nAccept: application/json\r\n");
            headers.forEach(h -> request.append(h).append("\r\n"));
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }
}
