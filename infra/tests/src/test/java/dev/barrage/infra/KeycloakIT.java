package dev.barrage.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keycloak started by infra/up with the barrage realm imported: tokens, claims, and the console client's rules. */
@ExtendWith(InfraExtension.class)
class KeycloakIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private final String realmUrl = Infra.keycloakUrl() + "/realms/barrage";
  private final String tokenUrl = realmUrl + "/protocol/openid-connect/token";
  private final String authUrl = realmUrl + "/protocol/openid-connect/auth";

  @Test
  void discoveryAnnouncesTheFixedIssuer() throws Exception {
    HttpResponse<String> response = get(realmUrl + "/.well-known/openid-configuration");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(response.body());
    assertThat(config.path("issuer").asText()).isEqualTo(Infra.keycloakIssuer());
    assertThat(config.path("code_challenge_methods_supported")).extracting(JsonNode::asText).contains("S256");
  }

  @Test
  void theDemoUserGetsATokenWithThePasswordGrant() throws Exception {
    HttpResponse<String> response = post(tokenUrl, Map.of(
        "grant_type", "password",
        "client_id", "barrage-cli",
        "username", "demo",
        "password", "demo-password",
        "scope", "openid"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode token = JSON.readTree(response.body());
    assertThat(token.path("token_type").asText()).isEqualToIgnoringCase("Bearer");

    JsonNode claims = payload(token.path("access_token").asText());
    assertThat(claims.path("iss").asText()).isEqualTo(Infra.keycloakIssuer());
    assertThat(claims.path("azp").asText()).isEqualTo("barrage-cli");
    assertThat(texts(claims.path("aud"))).contains("barrage-api");
    assertThat(claims.path("preferred_username").asText()).isEqualTo("demo");
    assertThat(claims.path("email").asText()).isEqualTo("demo@barrage.local");
    assertThat(claims.path("email_verified").asBoolean()).isTrue();
    assertThat(texts(claims.path("realm_access").path("roles"))).contains("owner").doesNotContain("viewer");
    assertThat(claims.path("exp").asLong()).isGreaterThan(claims.path("iat").asLong());

    JsonNode idClaims = payload(token.path("id_token").asText());
    assertThat(idClaims.path("iss").asText()).isEqualTo(Infra.keycloakIssuer());
    assertThat(idClaims.path("aud").isArray() ? texts(idClaims.path("aud")) : List.of(idClaims.path("aud").asText()))
        .contains("barrage-cli");
  }

  @Test
  void theRealmHasTheFourAccountRolesAndAViewerUser() throws Exception {
    HttpResponse<String> response = post(tokenUrl, Map.of(
        "grant_type", "password", "client_id", "barrage-cli", "username", "viewer", "password", "viewer-password"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode claims = payload(JSON.readTree(response.body()).path("access_token").asText());
    assertThat(texts(claims.path("realm_access").path("roles"))).contains("viewer").doesNotContain("owner");

    HttpResponse<String> admin = post(tokenUrl, Map.of(
        "grant_type", "client_credentials", "client_id", "barrage-api", "client_secret", "barrage-api-dev-secret"));
    assertThat(admin.statusCode()).as("the API client is confidential, with a service account: " + admin.body())
        .isEqualTo(200);
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    HttpResponse<String> response = post(tokenUrl, Map.of(
        "grant_type", "password", "client_id", "barrage-cli", "username", "demo", "password", "not-the-password"));
    assertThat(response.statusCode()).isIn(400, 401);   // Keycloak 26.7 answers 400, as RFC 6749 says
    assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void theConsoleClientCannotUseThePasswordGrant() throws Exception {
    HttpResponse<String> response = post(tokenUrl, Map.of(
        "grant_type", "password", "client_id", "barrage-console", "username", "demo", "password", "demo-password"));
    assertThat(response.statusCode()).isIn(400, 401);
    assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("unauthorized_client");
  }

  @Test
  void theConsoleClientRequiresPkceS256AndAcceptsLocalRedirectsOnAnyPort() throws Exception {
    String verifier = randomUrlSafe(32);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    int port = Infra.freePort();

    for (String redirect : List.of("http://localhost:" + port + "/callback", "http://127.0.0.1:" + port + "/callback")) {
      HttpResponse<String> login = get(authUrl + "?" + form(Map.of(
          "client_id", "barrage-console", "response_type", "code", "scope", "openid",
          "redirect_uri", redirect, "state", "s1",
          "code_challenge", challenge, "code_challenge_method", "S256")));
      assertThat(login.statusCode()).as("login page for " + redirect).isEqualTo(200);
      assertThat(login.body()).contains("kc-form-login");
    }

    HttpResponse<String> noPkce = get(authUrl + "?" + form(Map.of(
        "client_id", "barrage-console", "response_type", "code", "scope", "openid",
        "redirect_uri", "http://localhost:" + port + "/callback", "state", "s2")));
    assertThat(noPkce.statusCode()).isEqualTo(302);
    String location = noPkce.headers().firstValue("Location").orElse("");
    assertThat(location).startsWith("http://localhost:" + port + "/callback").contains("error=invalid_request");

    HttpResponse<String> plain = get(authUrl + "?" + form(Map.of(
        "client_id", "barrage-console", "response_type", "code", "scope", "openid",
        "redirect_uri", "http://localhost:" + port + "/callback", "state", "s3",
        "code_challenge", verifier, "code_challenge_method", "plain")));
    assertThat(plain.statusCode()).isEqualTo(302);
    assertThat(plain.headers().firstValue("Location").orElse("")).contains("error=invalid_request");

    HttpResponse<String> foreign = get(authUrl + "?" + form(Map.of(
        "client_id", "barrage-console", "response_type", "code", "scope", "openid",
        "redirect_uri", "https://attacker.example/callback",
        "code_challenge", challenge, "code_challenge_method", "S256")));
    assertThat(foreign.statusCode()).isEqualTo(400);
  }

  // ---------------------------------------------------------------- helpers

  private static JsonNode payload(String jwt) throws IOException {
    String[] parts = jwt.split("\\.");
    assertThat(parts).as("a signed JWT has three parts").hasSize(3);
    return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, Map<String, String> fields) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String randomUrlSafe(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
