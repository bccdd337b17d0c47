package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one HTTP client of the integrations: JSON to Slack, Datadog and GitHub with a time limit, no redirects
 * followed (a redirect must not carry a token elsewhere), and the rules on where requests may go: https, or plain http
 * only to the hosts configured for it (local stand-ins in tests); only to the hosts each service's API lives on; and
 * never to a loopback or private address unless {@code barrage.integrations.allow-private-addresses} says so.
 */
@ApplicationScoped
public class OutboundHttp {
    @Inject
    BarrageConfig config;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An answer; header names are matched without regard to case. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }

        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** A request that was not sent because of where it would have gone. */
    public static final class RefusedDestination extends IOException {
        RefusedDestination(String message) {
            super(message);
        }
    }

    public Response send(String method, URI uri, Map<String, String> headers, String jsonBody)
            throws IOException, InterruptedException {
        refuseInternal(uri);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.integrations().delivery().requestTimeout())
                .header("User-Agent", "barrage-control-plane");
        headers.forEach(b::header);
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }

    /**
     * A URL a project's integration may point at: https, or http to a configured host. Answers 400 naming the field.
     */
    public URI checkUrl(String url, String field) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest(field + " must be a URL").with("field", field);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && plainHttpAllowed(uri.getHost()))) {
            throw ProblemException.badRequest(field + " must be an https:// URL").with("field", field);
        }
        if (uri.getUserInfo() != null) {
            throw ProblemException.badRequest(field + " must not carry a user name or password").with("field", field);
        }
        return uri;
    }

    /**
     * {@link #checkUrl}, and the host must be one of {@code hosts} (or a configured plain-http stand-in). Answers 400
     * naming the field and the hosts allowed.
     */
    public URI checkUrl(String url, String field, List<String> hosts) {
        URI uri = checkUrl(url, field);
        if (!allowedHost(uri, hosts)) {
            throw ProblemException.badRequest(field + " must be on " + String.join(", ", hosts)
                    + " (another host only if the operator names it)").with("field", field);
        }
        return uri;
    }

    public boolean allowedHost(URI uri, List<String> hosts) {
        String host = uri.getHost();
        return host != null && (plainHttpAllowed(host) || hosts.stream().anyMatch(h -> h.equalsIgnoreCase(host)));
    }

    /** Before sending to a stored URL: settings kept from before a host was taken off the list are not followed. */
    public void requireHost(URI uri, List<String> hosts) throws RefusedDestination {
        if (!allowedHost(uri, hosts)) {
            throw new RefusedDestination(uri.getHost() + " is not on " + String.join(", ", hosts));
        }
    }

    /** Every address the host resolves to must be a public one (checked before each request, and again by the OS). */
    void refuseInternal(URI uri) throws RefusedDestination {
        if (config.integrations().allowPrivateAddresses()) {
            return;
        }
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedDestination(host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (PrivateAddresses.isPrivate(a)) {
                throw new RefusedDestination(host + " resolves to an internal address, which integrations may not reach");
            }
        }
    }

    private boolean plainHttpAllowed(String host) {
        return config.integrations().plainHttpHosts().orElse(List.of()).stream().anyMatch(h -> h.equalsIgnoreCase(host));
    }

    /**
     * The usual reading of an answer: 2xx delivered; 429 and 5xx tried again (after Retry-After when given); any other
     * refusal is final.
     *
     * @param what the request as it may be shown, e.g. "POST hooks.slack.com"; never with a secret in it
     */
    public static Attempt classify(Response r, String what) {
        String detail = what + " answered " + r.status() + snippet(r.body());
        if (r.ok()) {
            return Attempt.delivered(r.status(), detail);
        }
        if (r.status() == 429 || r.status() >= 500) {
            return Attempt.retry(r.status(), detail, RetryPolicy.retryAfter(r.header("Retry-After"), Clock.systemUTC()));
        }
        return Attempt.failed(r.status(), detail);
    }

    /**
     * How a test delivery's answer is told: the status and a fixed message, never the service's body (whatever sits at
     * the other end must not get its words shown in our console).
     */
    public static Attempt tested(Response r, String what) {
        String detail = what + " answered " + r.status() + ": " + switch (r.status()) {
            case 200, 201, 202, 204 -> "it works";
            case 401, 403 -> "the secret was refused; set it again";
            case 404, 410 -> "not found; check the address";
            case 429 -> "rate limited; try again in a minute";
            default -> r.status() >= 500 ? "the service failed; try again later" : "the request was refused";
        };
        return r.ok() ? Attempt.delivered(r.status(), detail) : Attempt.failed(r.status(), detail);
    }

    /** No answer (refused, reset, timed out): worth another try; a refused destination is final. */
    public static Attempt unanswered(IOException e, String what) {
        if (e instanceof RefusedDestination) {
            return Attempt.failed(null, what + ": not sent: " + e.getMessage());
        }
        String why = e instanceof HttpTimeoutException ? "no answer in time"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return Attempt.retry(null, what + ": " + why, null);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() > 200 ? flat.substring(0, 200) + "…" : flat);
    }
}
