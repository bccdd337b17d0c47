package dev.barrage.controlplane.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the web console (the {@code dev.barrage:web} jar's {@code META-INF/resources}, built by Vite): index.html for
 * every console route so the single-page app can route in the browser, {@code /console-config.json} so the console
 * knows where to sign in, and a strict Content-Security-Policy on all of it.
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

    private volatile byte[] index;

    void routes(@Observes Router router) {
        router.routeWithRegex(HttpMethod.GET, CONSOLE_PATHS.pattern()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::index);
        router.routeWithRegex(HttpMethod.HEAD, CONSOLE_PATHS.pattern()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::index);
        router.get("/console-config.json").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::config);
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
        HttpServerResponse r = ctx.response();
        secure(r);
        try {
            r.putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache")
                    .end(new ObjectMapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
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
