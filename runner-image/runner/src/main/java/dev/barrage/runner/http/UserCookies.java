package dev.barrage.runner.http;

import dev.barrage.scenario.Cookies;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.cookie.CookieOrigin;
import org.apache.hc.client5.http.cookie.CookieSpec;
import org.apache.hc.client5.http.cookie.MalformedCookieException;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;
import org.apache.hc.client5.http.impl.cookie.RFC6265CookieSpecFactory;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * One user's cookie jar. The rules (parsing Set-Cookie, domain and path matching, host-only cookies, Secure, Max-Age
 * and Expires, refusing a Domain that is a public suffix) are HttpClient 5's RFC 6265 implementation, in its relaxed
 * mode that accepts the date formats servers send in practice, as browsers and Python's requests do; this class only
 * keeps the jar and says which cookies a request carries.
 */
final class UserCookies implements Cookies {
    /** In a holder: the public suffix list is parsed when a cookie first arrives, not in a run that has none. */
    private static final class Rules {
        static final CookieSpec SPEC = new RFC6265CookieSpecFactory(
                RFC6265CookieSpecFactory.CompatibilityLevel.RELAXED, PublicSuffixMatcherLoader.getDefault()).create(null);
    }

    private final BasicCookieStore jar = new BasicCookieStore();
    private final Origin baseOrigin;
    private final UserHttpClient client;
    private boolean empty = true;

    UserCookies(Origin baseOrigin, UserHttpClient client) {
        this.baseOrigin = baseOrigin;
        this.client = client;
    }

    /** Keeps the cookies of a response's Set-Cookie headers; ones the rules refuse are dropped, as a browser does. */
    void store(Origin origin, String target, List<String> setCookies) {
        CookieOrigin from = cookieOrigin(origin, target);
        for (String header : setCookies) {
            try {
                for (Cookie cookie : Rules.SPEC.parse(new BasicHeader("Set-Cookie", header), from)) {
                    Rules.SPEC.validate(cookie, from);
                    jar.addCookie(cookie); // replaces the same name, domain and path; an expired one only removes it
                }
            } catch (MalformedCookieException ignored) {
                // a cookie the rules refuse (bad syntax, a Domain the host may not set) is not kept
            }
        }
        empty = jar.getCookies().isEmpty();
    }

    /** The Cookie header value for a request, or null when no cookie matches. */
    String header(Origin origin, String target) {
        if (empty) {
            return null;
        }
        List<Cookie> matching = matching(cookieOrigin(origin, target));
        return matching.isEmpty() ? null : Rules.SPEC.formatCookies(matching).getFirst().getValue();
    }

    private List<Cookie> matching(CookieOrigin to) {
        Instant now = Instant.now();
        List<Cookie> matching = new ArrayList<>(4);
        for (Cookie cookie : jar.getCookies()) {
            if (!cookie.isExpired(now) && Rules.SPEC.match(cookie, to)) {
                matching.add(cookie);
            }
        }
        return matching;
    }

    private static CookieOrigin cookieOrigin(Origin origin, String target) {
        int query = target.indexOf('?');
        String path = query >= 0 ? target.substring(0, query) : target;
        return new CookieOrigin(origin.host().toLowerCase(Locale.ROOT), origin.port(), path.isEmpty() ? "/" : path,
                origin.tls());
    }

    @Override
    public Optional<String> get(String name) {
        Instant now = Instant.now();
        Cookie found = null;
        for (Cookie cookie : jar.getCookies()) {
            if (cookie.getName().equals(name) && !cookie.isExpired(now)) {
                if (Rules.SPEC.match(cookie, cookieOrigin(baseOrigin, "/"))) {
                    return Optional.of(cookie.getValue());
                }
                found = found == null ? cookie : found;
            }
        }
        return Optional.ofNullable(found).map(Cookie::getValue);
    }

    @Override
    public Map<String, String> forUrl(String url) {
        URI uri = client.resolve(url);
        Origin origin = Origin.of(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        Map<String, String> values = new LinkedHashMap<>();
        for (Cookie cookie : matching(cookieOrigin(origin, path))) {
            values.putIfAbsent(cookie.getName(), cookie.getValue());
        }
        return values;
    }

    @Override
    public Cookies set(String name, String value) {
        BasicClientCookie cookie = new BasicClientCookie(name, value);
        cookie.setDomain(baseOrigin.host().toLowerCase(Locale.ROOT));
        cookie.setPath("/");
        add(cookie);
        return this;
    }

    @Override
    public Cookies set(String name, String value, String domain, String path) {
        String d = domain.toLowerCase(Locale.ROOT);
        d = d.startsWith(".") ? d.substring(1) : d;
        BasicClientCookie cookie = new BasicClientCookie(name, value);
        cookie.setDomain(d);
        cookie.setAttribute(Cookie.DOMAIN_ATTR, d); // a Domain attribute makes it match subdomains too
        cookie.setPath(path == null || path.isEmpty() ? "/" : path);
        cookie.setAttribute(Cookie.PATH_ATTR, cookie.getPath());
        add(cookie);
        return this;
    }

    private void add(BasicClientCookie cookie) {
        if (cookie.getName() == null || cookie.getName().isBlank()) {
            throw new IllegalArgumentException("a cookie needs a name");
        }
        jar.addCookie(cookie);
        empty = false;
    }

    @Override
    public Cookies remove(String name) {
        List<Cookie> keep = new ArrayList<>();
        for (Cookie cookie : jar.getCookies()) {
            if (!cookie.getName().equals(name)) {
                keep.add(cookie);
            }
        }
        jar.clear();
        keep.forEach(jar::addCookie);
        empty = keep.isEmpty();
        return this;
    }

    @Override
    public Cookies clear() {
        jar.clear();
        empty = true;
        return this;
    }
}
