package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jar's RFC 6265 rules, by host names that are never resolved: nothing here opens a connection. */
class UserCookiesTest {
    final UserHttpClient client = new UserHttpClient(URI.create("http://shop.example.com"), (t, n, m, b, e) -> {});
    final UserCookies jar = client.cookies();
    static final Origin SHOP = new Origin(false, "shop.example.com", 80);
    static final Origin SHOP_TLS = new Origin(true, "shop.example.com", 443);
    static final Origin API = new Origin(false, "api.shop.example.com", 80);
    static final Origin EXAMPLE = new Origin(false, "example.com", 80);

    @Test
    void aCookieWithoutDomainGoesBackToItsHostOnlyAndOneWithDomainToSubdomainsToo() {
        jar.store(SHOP, "/login", List.of("host=1; Path=/", "wide=2; Domain=shop.example.com; Path=/"));
        assertThat(jar.header(SHOP, "/x")).isEqualTo("host=1; wide=2");
        assertThat(jar.header(API, "/x")).isEqualTo("wide=2");
        assertThat(jar.header(EXAMPLE, "/x")).isNull();
    }

    @Test
    void aDomainThatIsAPublicSuffixOrAnotherSiteIsRefused() {
        jar.store(SHOP, "/", List.of("a=1; Domain=com", "b=2; Domain=other.org", "c=3; Domain=example.com"));
        assertThat(jar.header(SHOP, "/")).isEqualTo("c=3");
        assertThat(jar.header(EXAMPLE, "/")).isEqualTo("c=3");
    }

    @Test
    void pathsMatchBySegmentAndTheDefaultPathIsTheRequestsDirectory() {
        jar.store(SHOP, "/account/login?next=1", List.of("dir=1", "cart=2; Path=/cart"));
        assertThat(jar.header(SHOP, "/account/orders")).isEqualTo("dir=1");
        assertThat(jar.header(SHOP, "/cart/items?x=1")).isEqualTo("cart=2");
        assertThat(jar.header(SHOP, "/cartoon")).isNull();
        assertThat(jar.header(SHOP, "/")).isNull();
    }

    @Test
    void secureCookiesGoOverHttpsOnly() {
        jar.store(SHOP_TLS, "/", List.of("s=1; Secure; Path=/", "p=2; Path=/"));
        assertThat(jar.header(SHOP_TLS, "/")).isEqualTo("s=1; p=2");
        assertThat(jar.header(SHOP, "/")).isEqualTo("p=2");
    }

    @Test
    void expiredCookiesAndMaxAgeZeroRemoveTheCookie() {
        jar.store(SHOP, "/", List.of("a=1; Path=/", "b=2; Path=/", "old=3; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        jar.store(SHOP, "/", List.of("a=gone; Path=/; Max-Age=0", "b=new; Path=/; Max-Age=3600"));
        assertThat(jar.header(SHOP, "/")).isEqualTo("b=new");
    }

    @Test
    void theScenarioReadsSetsRemovesAndClears() {
        jar.store(SHOP, "/", List.of("sid=abc; Path=/"));
        assertThat(jar.get("sid")).contains("abc");
        jar.set("lang", "de").set("beta", "1", "example.com", "/beta");
        assertThat(jar.forUrl("/")).containsOnly(java.util.Map.entry("sid", "abc"), java.util.Map.entry("lang", "de"));
        assertThat(jar.forUrl("http://api.shop.example.com/beta/x")).containsOnlyKeys("beta");
        jar.remove("sid");
        assertThat(jar.get("sid")).isEmpty();
        assertThat(jar.header(SHOP, "/")).isEqualTo("lang=de");
        jar.clear();
        assertThat(jar.header(SHOP, "/beta")).isNull();
    }
}
