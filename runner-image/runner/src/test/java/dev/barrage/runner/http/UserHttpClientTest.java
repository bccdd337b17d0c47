package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.scenario.CheckResult;
import dev.barrage.scenario.Response;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UserHttpClientTest {
    record Recorded(String type, String name, long micros, long bytes, String error) {}

    final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    UserHttpClient client(int port) {
        return new UserHttpClient(URI.create("http://127.0.0.1:" + port),
                (type, name, micros, bytes, error) -> recorded.add(new Recorded(type, name, micros, bytes, error)));
    }

    static ScriptedServer.Answer ok(String body) {
        return new ScriptedServer.Answer("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, false);
    }

    @Test
    void keepsOneConnectionAliveAcrossRequests() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ok("hello")); UserHttpClient http = client(server.port())) {
            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/a?i=" + i).send().text()).isEqualTo("hello");
            }
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(server.requests).hasSize(5);
            assertThat(server.requests.getFirst()).startsWith("GET /a?i=0 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port());
            assertThat(recorded).allSatisfy(r -> {
                assertThat(r.error()).isNull();
                assertThat(r.bytes()).isEqualTo(5);
            });
            assertThat(recorded.getFirst().name()).isEqualTo("/a?i=0");
        }
    }

    @Test
    void readsChunkedAndCloseDelimitedBodies() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> r.startsWith("GET /chunked")
                        ? new ScriptedServer.Answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n", false)
                        : new ScriptedServer.Answer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close", true));
                UserHttpClient http = client(server.port())) {
            assertThat(http.get("/chunked").send().text()).isEqualTo("hello, world");
            assertThat(http.get("/chunked").send().text()).isEqualTo("hello, world");
            assertThat(http.get("/eof").send().text()).isEqualTo("until close");
            assertThat(http.get("/chunked").send().text()).isEqualTo("hello, world");
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void discardedChunkedAndCloseDelimitedBodiesAreCountedButNotKept() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> r.startsWith("GET /chunked")
                        ? new ScriptedServer.Answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n", false)
                        : new ScriptedServer.Answer("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close", true));
                UserHttpClient http = client(server.port())) {
            assertThat(http.get("/chunked").discardBody().send().bytes()).isEmpty();
            assertThat(http.get("/chunked").send().text()).isEqualTo("hello, world");
            assertThat(http.get("/eof").discardBody().send().text()).isEmpty();
            assertThat(server.connections.get()).isEqualTo(1);
        }
        assertThat(recorded).extracting(Recorded::bytes).containsExactly(12L, 12L, 11L);
        assertThat(recorded).extracting(Recorded::error).containsOnlyNulls();
    }

    @Test
    void resendsOnceWhenTheServerHadClosedTheIdleConnection() throws Exception {
        // the server answers, then closes without saying so, as an idle keep-alive timeout does
        try (ScriptedServer server = new ScriptedServer(r -> new ScriptedServer.Answer(
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true));
                UserHttpClient http = client(server.port())) {
            assertThat(http.get("/1").send().status()).isEqualTo(200);
            Thread.sleep(50);
            assertThat(http.get("/2").send().status()).isEqualTo(200);
            assertThat(server.requests).hasSize(2);
            assertThat(recorded).extracting(Recorded::error).containsOnlyNulls();
        }
    }

    @Test
    void requestTargetsAndHeadersFollowTheBaseUrlTheDefaultsAndTheRequest() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ok("a"));
                ScriptedServer other = new ScriptedServer(r -> ok("b"));
                UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + server.port() + "/api/"),
                        (type, name, micros, bytes, error) -> recorded.add(new Recorded(type, name, micros, bytes, error)))) {
            http.get("items").query("q", "a b&c").send();
            http.get("/items/%2F?x=1#fragment").send();
            http.defaultHeader("X-Tenant", "t1").get("/t").send();
            http.get("/t").header("x-tenant", "t2").header("User-Agent", "mine").send();
            http.defaultHeader("X-Tenant", null).get("/t").send();
            assertThat(http.get("http://127.0.0.1:" + other.port() + "/elsewhere?y=2").send().text()).isEqualTo("b");
            assertThat(http.get("/again").send().text()).isEqualTo("a");

            assertThat(server.requests).extracting(r -> r.substring(0, r.indexOf("\r\n"))).containsExactly(
                    "GET /api/items?q=a+b%26c HTTP/1.1", "GET /api/items/%2F?x=1 HTTP/1.1", "GET /api/t HTTP/1.1",
                    "GET /api/t HTTP/1.1", "GET /api/t HTTP/1.1", "GET /api/again HTTP/1.1");
            assertThat(server.requests.get(2)).contains("\r\nX-Tenant: t1\r\n").contains("User-Agent: barrage/");
            assertThat(server.requests.get(3)).contains("\r\nx-tenant: t2\r\n").doesNotContain("X-Tenant: t1")
                    .contains("User-Agent: mine").doesNotContain("barrage/");
            assertThat(server.requests.get(4)).doesNotContain("enant");
            assertThat(other.requests).singleElement().satisfies(r -> assertThat(r)
                    .startsWith("GET /elsewhere?y=2 HTTP/1.1\r\nHost: 127.0.0.1:" + other.port() + "\r\n"));
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aResponseLaterThanTheTimeoutIsAFailureAndIsNotSentAgain() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> {
                    if (r.startsWith("GET /slow")) {
                        try {
                            Thread.sleep(3_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return ok("done");
                });
                UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + server.port()),
                        (type, name, micros, bytes, error) -> recorded.add(new Recorded(type, name, micros, bytes, error)),
                        1_000, 300)) {
            assertThat(http.get("/fast").send().status()).isEqualTo(200);
            Response late = http.get("/slow").send();
            assertThat(late.status()).isZero();
            assertThat(http.get("/fast").send().text()).isEqualTo("done");

            assertThat(recorded).extracting(Recorded::error).containsExactly(
                    null, "SocketTimeoutException: no complete response within 300 ms", null);
            assertThat(recorded.get(1).micros()).isGreaterThanOrEqualTo(300_000);
            assertThat(server.requests).extracting(r -> r.substring(0, r.indexOf(" HTTP/")))
                    .containsExactly("GET /fast", "GET /slow", "GET /fast");
            assertThat(server.connections.get()).as("the timed-out connection is not reused").isEqualTo(2);
        }
    }

    @Test
    void statusesOfFourHundredAndAboveAreFailuresUnlessACheckSaysOtherwise() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> new ScriptedServer.Answer(
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", false));
                UserHttpClient http = client(server.port())) {
            Response plain = http.get("/missing").send();
            Response checked = http.get("/missing").name("expected 404")
                    .check(r -> r.status() == 404 ? CheckResult.ok() : CheckResult.fail("wanted 404")).send();
            Response failedCheck = http.get("/missing").name("bad")
                    .check(r -> CheckResult.fail("body lacks the cart id")).send();

            assertThat(plain.ok()).isFalse();
            assertThat(checked.ok()).isTrue();
            assertThat(failedCheck.ok()).isFalse();
            assertThat(recorded).extracting(Recorded::name, Recorded::error).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("/missing", "HTTP 404 Not Found"),
                    org.assertj.core.groups.Tuple.tuple("expected 404", null),
                    org.assertj.core.groups.Tuple.tuple("bad", "body lacks the cart id"));
        }
    }

    @Test
    void sendsJsonAndFormBodiesAndReadsJsonByPointer() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> {
                    String body = "{\"token\":\"abc\",\"items\":[{\"id\":7}]}";
                    return new ScriptedServer.Answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body, false);
                });
                UserHttpClient http = client(server.port())) {
            Response r = http.post("/login").json(Map.of("user", "ann")).send();
            http.defaultHeader("Authorization", "Bearer abc");
            http.post("/form").form(Map.of("q", "a b&c")).send();

            assertThat(r.json("/token")).contains("abc");
            assertThat(r.json("/items/0/id")).contains("7");
            assertThat(r.json("/nope")).isEmpty();
            assertThat(server.requests.get(0)).contains("Content-Type: application/json", "Content-Length: 14",
                    "{\"user\":\"ann\"}");
            assertThat(server.requests.get(1)).contains("Authorization: Bearer abc",
                    "Content-Type: application/x-www-form-urlencoded", "q=a+b%26c");
        }
    }

    @Test
    void aRefusedConnectionIsAFailureWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (UserHttpClient http = client(port)) {
            Response r = http.get("/x").send();
            assertThat(r.status()).isZero();
            assertThat(r.ok()).isFalse();
        }
        assertThat(recorded).singleElement().satisfies(r ->
                assertThat(r.error()).startsWith("ConnectException").contains("refused"));
    }

    @Test
    void aBearerTokenGoesOnEveryRequestUnlessItOptsOutOrSetsItsOwn() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> ok("x")); UserHttpClient http = client(server.port())) {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            http.bearerToken(() -> "t" + asked.incrementAndGet());
            http.get("/a").send();
            http.get("/b").withoutToken().send();
            http.get("/c").header("authorization", "Basic abc").send();
            http.defaultHeader("Authorization", "Bearer mine");
            http.get("/d").send();
            http.defaultHeader("Authorization", null);
            http.get("/e").send();

            assertThat(server.requests.get(0)).contains("\r\nAuthorization: Bearer t1\r\n");
            assertThat(server.requests.get(1)).doesNotContainIgnoringCase("authorization");
            assertThat(server.requests.get(2)).contains("\r\nauthorization: Basic abc\r\n").doesNotContain("Bearer");
            assertThat(server.requests.get(3)).contains("\r\nAuthorization: Bearer mine\r\n").doesNotContain("Bearer t");
            assertThat(server.requests.get(4)).contains("\r\nAuthorization: Bearer t2\r\n");
            assertThat(asked).hasValue(2); // asked only for the requests that carry it
        }
    }

    static ScriptedServer.Answer redirect(int status, String location) {
        return new ScriptedServer.Answer("HTTP/1.1 " + status + " Moved\r\nLocation: " + location
                + "\r\nContent-Length: 3\r\n\r\nabc", false);
    }

    @Test
    void redirectsAreFollowedAndRecordedOnceUnderTheRequestThatReceivedThem() throws Exception {
        try (ScriptedServer server = new ScriptedServer(r -> r.startsWith("POST /login") ? redirect(302, "/account?x=1")
                        : r.startsWith("POST /keep") ? redirect(307, "/kept")
                        : r.startsWith("GET /loop") ? redirect(301, "/loop")
                        : ok(r.substring(0, r.indexOf(" HTTP/"))));
                UserHttpClient http = client(server.port())) {
            Response login = http.post("/login").form(Map.of("u", "ann")).send();
            Response kept = http.post("/keep").body("data", "text/plain").send();
            Response loop = http.get("/loop").send();
            Response notFollowed = http.post("/login").followRedirects(false).send();
            http.followRedirects(false);
            Response userDefault = http.post("/login").send();
            Response overridden = http.post("/login").followRedirects(true).send();

            assertThat(login.text()).isEqualTo("GET /account?x=1");
            assertThat(login.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/account?x=1");
            assertThat(kept.text()).isEqualTo("POST /kept");
            assertThat(server.requests.get(3)).startsWith("POST /kept ").contains("Content-Type: text/plain")
                    .endsWith("\r\n\r\ndata");
            assertThat(server.requests.get(1)).startsWith("GET /account?x=1 ").doesNotContain("Content-Type", "u=ann");
            assertThat(loop.status()).isEqualTo(301);
            assertThat(notFollowed.status()).isEqualTo(302);
            assertThat(userDefault.status()).isEqualTo(302);
            assertThat(overridden.status()).isEqualTo(200);
            assertThat(server.requests.stream().filter(r -> r.startsWith("GET /loop"))).hasSize(11);
            assertThat(recorded).extracting(Recorded::type, Recorded::name, Recorded::error).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("POST", "/login", null),
                    org.assertj.core.groups.Tuple.tuple("POST", "/keep", null),
                    org.assertj.core.groups.Tuple.tuple("GET", "/loop", "more than 10 redirects"),
                    org.assertj.core.groups.Tuple.tuple("POST", "/login", null),
                    org.assertj.core.groups.Tuple.tuple("POST", "/login", null),
                    org.assertj.core.groups.Tuple.tuple("POST", "/login", null));
            assertThat(recorded.getFirst().bytes()).as("both bodies went over the wire").isEqualTo(3 + "GET /account?x=1".length());
        }
    }

    @Test
    void authorizationStaysWithTheOriginAndCookiesAreAppliedPerHop() throws Exception {
        try (ScriptedServer other = new ScriptedServer(r -> ok("other"));
                ScriptedServer server = new ScriptedServer(r -> r.startsWith("GET /away")
                        ? new ScriptedServer.Answer("HTTP/1.1 302 Found\r\nSet-Cookie: sid=s1; Path=/\r\nLocation: http://localhost:"
                                + other.port() + "/landing\r\nContent-Length: 0\r\n\r\n", false)
                        : r.startsWith("GET /here") ? redirect(303, "/there")
                        : ok("home"));
                UserHttpClient http = client(server.port())) {
            http.defaultHeader("Authorization", "Bearer secret");
            http.get("/here").send();
            assertThat(http.get("/away").header("Authorization", "Basic own").send().text()).isEqualTo("other");

            assertThat(server.requests.get(1)).startsWith("GET /there ").contains("Authorization: Bearer secret");
            assertThat(server.requests.get(2)).contains("Authorization: Basic own");
            assertThat(other.requests).singleElement().satisfies(r -> assertThat(r)
                    .doesNotContainIgnoringCase("authorization").doesNotContain("sid=s1"));
            http.get("/again").send();
            assertThat(server.requests.getLast()).contains("\r\nCookie: sid=s1\r\n");
        }
    }

    @Test
    void gzipAndDeflateBodiesAreDecodedAndRecordedAtTheirSizeOnTheWire() throws Exception {
        String text = "hello ".repeat(1000);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(text.getBytes());
        }
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(raw,
                new java.util.zip.Deflater(6, true))) {
            out.write(text.getBytes());
        }
        try (ScriptedServer server = new ScriptedServer(r -> {
                    byte[] body = r.startsWith("GET /gz") ? gz.toByteArray() : raw.toByteArray();
                    return new ScriptedServer.Answer("HTTP/1.1 200 OK\r\nContent-Encoding: " + (r.startsWith("GET /gz")
                            ? "gzip" : "deflate") + "\r\nContent-Length: " + body.length + "\r\n\r\n"
                            + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1), false);
                });
                UserHttpClient http = client(server.port())) {
            assertThat(http.get("/gz").send().text()).isEqualTo(text);
            assertThat(http.get("/raw-deflate").send().text()).isEqualTo(text);
            assertThat(server.requests).allSatisfy(r -> assertThat(r).contains("\r\nAccept-Encoding: gzip, deflate\r\n"));
            assertThat(recorded).extracting(Recorded::bytes).containsExactly((long) gz.size(), (long) raw.size());
        }
    }
}
