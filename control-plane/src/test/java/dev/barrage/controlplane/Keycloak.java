package dev.barrage.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real access tokens from the Keycloak that infra/up started, through the password grant of the CLI client. */
public final class Keycloak {
    public static final String DEMO = "demo";
    public static final String OTHER_TENANT = "viewer";
    private static final Map<String, String> PASSWORDS = Map.of(DEMO, "demo-password", OTHER_TENANT, "viewer-password");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Keycloak() {}

    public static String token(String user) {
        return CACHE.computeIfAbsent(user, Keycloak::fetch);
    }

    private static String fetch(String user) {
        return token("barrage-cli", user);
    }

    /** A fresh token of {@code client} (a public client of the development realm with the password grant). */
    public static String token(String client, String user) {
        String port = System.getenv().getOrDefault("BARRAGE_KEYCLOAK_PORT", "18080");
        String form = "grant_type=password&client_id=" + enc(client) + "&scope=openid&username=" + enc(user)
                + "&password=" + enc(PASSWORDS.get(user));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/realms/barrage/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + user + ": " + r.body());
            }
            return new ObjectMapper().readTree(r.body()).get("access_token").asText();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("cannot get a token from Keycloak: " + e, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
