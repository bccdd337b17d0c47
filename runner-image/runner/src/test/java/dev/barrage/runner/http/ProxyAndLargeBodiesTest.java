package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.protocol.Phase;
import dev.barrage.scenario.Response;
import dev.barrage.scenario.Tls;
import dev.barrage.scenario.spi.DataFiles;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rest a load test meets, against servers nobody here wrote: Debian's tinyproxy as an HTTP proxy (absolute-form
 * requests for http, CONNECT tunnels for https, Basic proxy authentication), large downloads discarded as they are
 * read, and large uploads sent without {@code Expect: 100-continue}, all counted against nginx's and tinyproxy's logs.
 */
class ProxyAndLargeBodiesTest {
    static final long BIG = 64L * 1024 * 1024;

    @TempDir
    static Path dir;
    static NginxServer nginx;
    static TinyProxy proxy;
    static TinyProxy guarded;
    static int plain;
    static int tls;

    record Recorded(String name, long bytes, String error, int opened, int reused, long connectMicros, long tlsMicros) {}

    final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        NginxClientTest.Certificates.write(dir);
        Path www = Files.createDirectories(dir.resolve("www"));
        try (RandomAccessFile big = new RandomAccessFile(www.resolve("big.bin").toFile(), "rw")) {
            big.setLength(BIG);
        }
        plain = NginxServer.freePort();
        tls = NginxServer.freePort();
        nginx = new NginxServer(dir.resolve("nginx"), """
                server {
                    listen 127.0.0.1:%1$d;
                    root %3$s;
                    location = /who { echo "$host $request_uri via=[$http_via] auth=[$http_proxy_authorization]"; }
                    location = /r302 { return 302 /who; }
                    location = /upload {
                        client_max_body_size 20m;
                        echo_read_request_body;
                        echo "expect=[$http_expect] length=[$content_length]";
                    }
                }
                server {
                    listen 127.0.0.1:%2$d ssl;
                    ssl_certificate %4$s/server.pem;
                    ssl_certificate_key %4$s/server.key;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    location = /who { echo "$ssl_protocol $host $request_uri"; }
                }
                """.formatted(plain, tls, www, dir));
        nginx.awaitPort(plain).awaitPort(tls);
        proxy = new TinyProxy(dir.resolve("proxy"), null);
        guarded = new TinyProxy(dir.resolve("guarded"), "ann s3cret");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {nginx, proxy, guarded}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void clearLog() throws Exception {
        nginx.clearLog();
    }

    UserHttpClient client(String base) {
        return client(base, TargetAllowList.anywhere());
    }

    UserHttpClient client(String base, TargetAllowList targets) {
        return new UserHttpClient(URI.create(base), new RequestRecorder() {
            @Override
            public void record(String type, String name, long micros, long bytes, String error) {
                throw new AssertionError("an HTTP request is recorded with its phases");
            }

            @Override
            public void record(String type, String name, long micros, long bytes, String error, RequestPhases p) {
                recorded.add(new Recorded(name, bytes, error, p.newConnections(), p.reusedConnections(),
                        p.micros(Phase.CONNECT), p.micros(Phase.TLS)));
            }
        }, targets);
    }

    Tls trustingTestCa() throws Exception {
        return DataFiles.resolvingWith(dir::resolve, () -> Tls.trustingCa("ca.pem"));
    }

    @Test
    void plainRequestsGoToTheProxyInAbsoluteFormAndHttpsOnesThroughOneConnectTunnel() throws Exception {
        int before = proxy.requests().size();
        try (UserHttpClient http = client("http://127.0.0.1:" + plain).proxy(proxy.url())) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/who?i=" + i).send().text())
                        .matches("127\\.0\\.0\\.1 /who\\?i=" + i + " via=\\[1\\.1 [^ ]+ \\(tinyproxy/[0-9.]+\\)\\] auth=\\[\\]\n");
            }
            Response moved = http.get("/r302").send();
            assertThat(moved.url()).isEqualTo("http://127.0.0.1:" + plain + "/who");
            http.tls(trustingTestCa());
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("https://localhost:" + tls + "/who?s=" + i).send().text())
                        .isEqualTo("TLSv1.3 localhost /who?s=" + i + "\n");
            }
        }
        List<String> asked = proxy.requests().subList(before, proxy.requests().size());
        assertThat(asked).containsExactly(
                "GET http://127.0.0.1:" + plain + "/who?i=0 HTTP/1.1",
                "GET http://127.0.0.1:" + plain + "/who?i=1 HTTP/1.1",
                "GET http://127.0.0.1:" + plain + "/who?i=2 HTTP/1.1",
                "GET http://127.0.0.1:" + plain + "/r302 HTTP/1.1",
                "GET http://127.0.0.1:" + plain + "/who HTTP/1.1",
                "CONNECT localhost:" + tls + " HTTP/1.1"); // one tunnel, kept alive for the three requests
        assertThat(nginx.awaitLog(8)).hasSize(8);
        assertThat(recorded).hasSize(7).allSatisfy(r -> assertThat(r.error()).isNull());
        // the tunnel's first request opened it: the CONNECT round trip is in its connect phase, then the handshake
        Recorded first = recorded.get(4);
        assertThat(first.opened()).isEqualTo(1);
        assertThat(first.connectMicros()).isPositive();
        assertThat(first.tlsMicros()).isPositive();
        assertThat(recorded.subList(5, 7)).allSatisfy(r -> {
            assertThat(r.reused()).isEqualTo(1);
            assertThat(r.tlsMicros()).isZero();
        });
    }

    @Test
    void aProxyThatWantsCredentialsGetsThemFromItsUrlAndWithoutThemTheRequestFailsSayingWhy() throws Exception {
        int before = guarded.requests().size();
        try (UserHttpClient http = client("http://127.0.0.1:" + plain).proxy(guarded.url())) {
            http.tls(trustingTestCa());
            Response refused = http.get("/who").send();
            assertThat(refused.status()).isEqualTo(407);
            assertThat(http.get("https://localhost:" + tls + "/who").send().ok()).isFalse();
            http.proxy("http://ann:s3cret@127.0.0.1:" + guarded.port);
            assertThat(http.get("/who").send().text()).endsWith("auth=[]\n"); // tinyproxy takes it off before nginx
            assertThat(http.get("https://localhost:" + tls + "/who").send().text()).startsWith("TLSv1.3 localhost");
        }
        assertThat(recorded).extracting(Recorded::error).containsExactly("HTTP 407 Proxy Authentication Required",
                "ProxyRefusedException: proxy http://127.0.0.1:" + guarded.port + " refused CONNECT localhost:" + tls
                        + ": HTTP/1.0 407 Proxy Authentication Required", null, null);
        assertThat(guarded.requests().subList(before, guarded.requests().size())).hasSize(4);
        assertThat(nginx.awaitLog(2)).hasSize(2); // only the two requests with credentials reached nginx
        assertThatThrownBy(() -> client("http://127.0.0.1:" + plain).proxy("https://127.0.0.1:1"))
                .hasMessageContaining("a proxy is reached over http://");
        assertThatThrownBy(() -> client("http://127.0.0.1:" + plain).proxy("http://127.0.0.1"))
                .hasMessageContaining("names its host and port");
    }

    @Test
    void aRunsTargetRulesApplyToTheProxyToo() throws Exception {
        int before = proxy.requests().size();
        TargetAllowList targetOnly = TargetAllowList.of(List.of(new TargetAllowList.HostPort("127.0.0.1", plain)));
        try (UserHttpClient http = client("http://127.0.0.1:" + plain, targetOnly).proxy(proxy.url())) {
            assertThat(http.get("/who").send().ok()).isFalse();
        }
        assertThat(recorded.getFirst().error()).contains("127.0.0.1:" + proxy.port);
        assertThat(proxy.requests()).hasSize(before); // nothing reached the proxy
        TargetAllowList both = TargetAllowList.of(List.of(new TargetAllowList.HostPort("127.0.0.1", plain),
                new TargetAllowList.HostPort("127.0.0.1", proxy.port)));
        try (UserHttpClient http = client("http://127.0.0.1:" + plain, both).proxy(proxy.url())) {
            assertThat(http.get("/who").send().ok()).isTrue();
        }
        assertThat(proxy.requests()).hasSize(before + 1);
    }

    @Test
    void aDiscardedDownloadIsCountedAsNginxSentItAndTheConnectionGoesOn() throws Exception {
        try (UserHttpClient http = client("http://127.0.0.1:" + plain)) {
            Response big = http.get("/big.bin").discardBody().send();
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.bytes()).isEmpty();
            assertThat(big.text()).isEmpty();
            assertThat(http.get("/who").send().text()).startsWith("127.0.0.1 /who");
        }
        List<String> log = nginx.awaitLog(2);
        assertThat(log.getFirst()).isEqualTo(plain + " GET /big.bin 200 " + BIG);
        assertThat(recorded.getFirst().bytes()).isEqualTo(BIG);
        assertThat(recorded.get(1).reused()).as("the connection was read to the end of the body, and kept").isEqualTo(1);
        assertThat(nginx.awaitTimed(2)).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 2L);
    }

    @Test
    void aLargeUploadGoesWithoutExpectContinueAndNginxReadsAllOfIt() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024];
        try (UserHttpClient http = client("http://127.0.0.1:" + plain)) {
            assertThat(http.post("/upload").body(body, "application/octet-stream").send().text())
                    .isEqualTo("expect=[] length=[" + body.length + "]\n");
        }
        try (ScriptedServer server = new ScriptedServer(r -> new ScriptedServer.Answer(
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false));
                UserHttpClient http = client("http://127.0.0.1:" + server.port())) {
            http.post("/upload").body(new byte[100_000], "application/octet-stream").send();
            assertThat(server.requests).singleElement().satisfies(r -> assertThat(r.toLowerCase())
                    .doesNotContain("expect:").contains("content-length: 100000"));
        }
    }
}
