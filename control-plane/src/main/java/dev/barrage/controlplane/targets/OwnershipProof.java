package dev.barrage.controlplane.targets;

import dev.barrage.controlplane.BarrageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Looks for an account's verification token where only the host's owner can put it: DNS, or the host itself. */
@ApplicationScoped
public class OwnershipProof {
    public static final String WELL_KNOWN_PATH = "/.well-known/barrage-verification.txt";
    public static final String DNS_PREFIX = "_barrage-verification.";
    public static final String TXT_PREFIX = "barrage-verification=";

    @Inject
    BarrageConfig config;

    @Inject
    Vertx vertx;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** What was found: whether the token was there, and what was looked at, for the person verifying. */
    public record Outcome(boolean found, String method, String looked, String detail) {}

    /** A TXT record {@code barrage-verification=<token>} on {@code _barrage-verification.<host>}. */
    public Outcome dns(String host, String token) {
        String name = DNS_PREFIX + host;
        // Vert.x's client (already here under Quarkus): Quarkus turns JNDI, and with it the JDK's DNS provider, off
        DnsClient dns = config.targets().dnsServer().map(server -> {
            int colon = server.lastIndexOf(':');
            return colon < 0 ? vertx.createDnsClient(53, server)
                    : vertx.createDnsClient(Integer.parseInt(server.substring(colon + 1)), server.substring(0, colon));
        }).orElseGet(vertx::createDnsClient);
        List<String> values;
        try {
            values = dns.resolveTXT(name).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return new Outcome(false, "dns", "TXT " + name, "no TXT record found (" + e.getCause().getMessage() + ")");
        } catch (TimeoutException e) {
            return new Outcome(false, "dns", "TXT " + name, "the DNS server did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "dns", "TXT " + name, "interrupted");
        } finally {
            dns.close();
        }
        List<String> trimmed = values.stream().map(v -> v.replace("\"", "").trim()).toList();
        boolean found = trimmed.contains(TXT_PREFIX + token);
        return new Outcome(found, "dns", "TXT " + name, found ? "found" : "TXT records there: " + trimmed);
    }

    /** The token as the content of {@code <origin>/.well-known/barrage-verification.txt}, redirects not followed. */
    public Outcome file(URI origin, String token) {
        URI url = origin.resolve(WELL_KNOWN_PATH);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                    .header("User-Agent", "barrage-verification").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Outcome(false, "file", "GET " + url, "answered HTTP " + response.statusCode());
            }
            String body = response.body().length() > 1000 ? response.body().substring(0, 1000) : response.body();
            boolean found = body.lines().map(String::trim).anyMatch(token::equals);
            return new Outcome(found, "file", "GET " + url, found ? "found" : "the file does not hold this account's token");
        } catch (IOException e) {
            return new Outcome(false, "file", "GET " + url, "could not fetch it: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "file", "GET " + url, "interrupted");
        }
    }
}
