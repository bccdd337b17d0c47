package dev.barrage.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the web console (the {@code dev.barrage:web} jar's {@code META-INF/resources}, built by Vite): index.html for
 * every console route so the single-page app can route in the browser, {@code /console-config.json} so the console
 * knows where to sign in, and a strict Content-Security-Policy on all of it.
 *
 * <p>The console signs in with the authorization code flow and PKCE. Keycloak answers its token endpoint only to
 * origins listed in the client's web origins, and a realm lists them one by one (a port wildcard in a redirect URI
 * does not count): so by default the code-for-token exchange and the refreshes go through {@code /console-auth/token}
 * here, which relays them unchanged to the issuer's token endpoint (no secret added: the client is public, the PKCE
 * verifier still proves the caller). {@code console.oidc.token-proxy=false} turns that off for a realm that lists
 * the console's origin.
 */
@ApplicationScoped
public class ConsoleRoutes {
    static final String INDEX_RESOURCE = "META-INF/resources/index.html";

    /** The browser routes of the console; everything else (the API, OpenAPI, health, static files) is left alone. */
    static final Pattern CONSOLE_PATHS = Pattern.compile(
            "^/(?:|index\\.html|signin-callback|compare|projects(?:/[^.]*)?|runs(?:/[^.]*)?|settings(?:/[^.]*)?)$");

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String apiAuthServerUrl;

    /** The issuer as browsers reach it, when that differs from the URL the control plane uses. */
    @ConfigProperty(name = "console.oidc.authority")
    Optional<String> publicAuthority;

    @ConfigProperty(name = "console.oidc.client-id", defaultValue = "barrage-console")
    String clientId;

    @ConfigProperty(name = "console.oidc.token-proxy", defaultValue = "true")
    boolean tokenProxy;

    static final String TOKEN_PROXY_PATH = "/console-auth/token";
    private static final int MAX_TOKEN_REQUEST_BYTES = 16 * 1024;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile URI tokenEndpoint;

    private volatile byte[] index;

    void routes(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, CONSOLE_PATHS.pattern()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::index);
        router.routeWithRegex(HttpMethod.HEAD, CONSOLE_PATHS.pattern()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::index);
        router.get("/console-config.json").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::config);
        router.post(TOKEN_PROXY_PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_TOKEN_REQUEST_BYTES)).handler(this::token);
        // the console's static files (hashed names: cacheable for good), served by Quarkus after these headers
        router.route("/assets/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(ctx -> {
            secure(ctx.response());
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200) {
                    ctx.response().putHeader("Cache-Control", "public, max-age=31536000, immutable");
                }
            });
            ctx.next();
        });
        router.route("/favicon.svg").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(ctx -> {
            secure(ctx.response());
            ctx.next();
        });
    }

    /** The issuer the console signs in with. */
    String authority() {
        String a = publicAuthority.filter(s -> !s.isBlank()).orElse(apiAuthServerUrl);
        return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    }

    /** scheme://host[:port] of a URL. */
    static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /**
     * No inline script or style, nothing from elsewhere but the calls to Keycloak (discovery, token, refresh); no
     * frames either way.
     */
    String contentSecurityPolicy() {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
                + "connect-src 'self' " + origin(authority()) + "; manifest-src 'self'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'; object-src 'none'";
    }

    private void secure(HttpServerResponse r) {
        r.putHeader("Content-Security-Policy", contentSecurityPolicy());
        r.putHeader("X-Content-Type-Options", "nosniff");
        r.putHeader("Referrer-Policy", "no-referrer");
        r.putHeader("X-Frame-Options", "DENY");
    }

    private void index(RoutingContext ctx) {
        byte[] page = indexPage();
        HttpServerResponse r = ctx.response();
        if (page == null) {
            r.setStatusCode(404).putHeader("Content-Type", "text/plain;charset=UTF-8")
                    .end("The web console is not part of this build (the dev.barrage:web jar is missing).\n");
            return;
        }
        secure(r);
        r.putHeader("Content-Type", "text/html;charset=UTF-8").putHeader("Cache-Control", "no-cache");
        if (ctx.request().method() == HttpMethod.HEAD) {
            r.putHeader("Content-Length", String.valueOf(page.length)).end();
        } else {
            r.end(io.vertx.core.buffer.Buffer.buffer(page));
        }
    }

    private void config(RoutingContext ctx) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("authority", authority());
        body.put("clientId", clientId);
        if (tokenProxy) {
            body.put("tokenEndpoint", TOKEN_PROXY_PATH);
        }
        HttpServerResponse r = ctx.response();
        secure(r);
        try {
            r.putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache")
                    .end(new ObjectMapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    /** Relays a console's token request (code exchange or refresh) to the issuer's token endpoint. */
    private void token(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        if (!tokenProxy) {
            problem(r, 404, "Not Found", "the console's token relay is off (console.oidc.token-proxy=false)");
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            problem(r, 415, "Unsupported Media Type", "send the token request as application/x-www-form-urlencoded");
            return;
        }
        String body = ctx.body().asString(StandardCharsets.UTF_8.name());
        String form = body == null ? "" : body;
        Map<String, String> fields = parseForm(form);
        String grant = fields.getOrDefault("grant_type", "");
        if (!clientId.equals(fields.get("client_id"))
                || !(grant.equals("authorization_code") || grant.equals("refresh_token"))) {
            problem(r, 400, "Bad Request", "the token relay serves the console's client (" + clientId
                    + ") for the authorization_code and refresh_token grants only");
            return;
        }
        ctx.vertx().<HttpResponse<String>>executeBlocking(() -> http.send(HttpRequest.newBuilder(tokenEndpoint())
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()),
                false).onComplete(result -> {
            if (result.failed()) {
                problem(r, 502, "Bad Gateway", "the sign-in server could not be reached: " + result.cause().getMessage());
                return;
            }
            HttpResponse<String> answer = result.result();
            r.setStatusCode(answer.statusCode()).putHeader("Cache-Control", "no-store")
                    .putHeader("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"))
                    .end(answer.body());
        });
    }

    /** The issuer's token endpoint, from its discovery document (once). */
    URI tokenEndpoint() throws IOException, InterruptedException {
        URI endpoint = tokenEndpoint;
        if (endpoint == null) {
            String issuer = apiAuthServerUrl.endsWith("/") ? apiAuthServerUrl : apiAuthServerUrl + "/";
            HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(URI.create(issuer + ".well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (discovery.statusCode() != 200) {
                throw new IOException("the issuer's discovery document answered HTTP " + discovery.statusCode());
            }
            endpoint = URI.create(new ObjectMapper().readTree(discovery.body()).path("token_endpoint").asText());
            tokenEndpoint = endpoint;
        }
        return endpoint;
    }

    static Map<String, String> parseForm(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static void problem(HttpServerResponse r, int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        try {
            r.setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                    .end(new ObjectMapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            r.setStatusCode(status).end();
        }
    }

    private byte[] indexPage() {
        byte[] page = index;
        if (page == null) {
            try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(INDEX_RESOURCE)) {
                if (in == null) {
                    return null;
                }
                page = in.readAllBytes();
                index = page;
            } catch (IOException e) {
                return null;
            }
        }
        return page;
    }
}
