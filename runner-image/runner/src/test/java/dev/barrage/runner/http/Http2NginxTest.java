package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.Phase;
import dev.barrage.scenario.Response;
import dev.barrage.scenario.Tls;
import dev.barrage.scenario.spi.DataFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 against Debian's nginx: h2 chosen by ALPN on a TLS port ({@code listen ... ssl http2}), HTTP/1.1 kept where
 * the host does not offer it, h2c with prior knowledge on a clear-text port; cookies, redirects, compression, large
 * bodies both ways (flow control) and discarded ones behave as over HTTP/1.1, and concurrent requests are streams of
 * one connection. nginx's log says which protocol and which connection carried each request.
 */
class Http2NginxTest {
    @TempDir
    static Path dir;
    static NginxServer nginx;
    static int h2;
    static int http11;
    static int h2c;
    static String text;
    static byte[] big;

    record Recorded(String name, long bytes, String error, int opened, int reused, long tlsMicros) {}

    final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        NginxClientTest.Certificates.write(dir);
        Path www = Files.createDirectories(dir.resolve("www"));
        text = "line of text that compresses well\n".repeat(2000);
        Files.writeString(www.resolve("dynamic.txt"), text);
        big = new byte[3 * 1024 * 1024]; // far over HTTP/2's initial 64 KiB flow-control window
        new Random(2).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        h2 = NginxServer.freePort();
        http11 = NginxServer.freePort();
        h2c = NginxServer.freePort();
        String locations = """
                    root %1$s;
                    location = /fast { return 200 "ok"; }
                    location = /wait { echo_sleep 0.3; echo "waited"; }
                    location = /dynamic.txt { gzip on; gzip_types text/plain; }
                    location = /set { add_header Set-Cookie "sid=abc; Path=/"; return 200 "set"; }
                    location = /headers { echo "cookie=[$http_cookie] ua=[$http_user_agent]"; }
                    location = /r302 { return 302 /fast; }
                    location = /away { return 302 https://localhost:%2$d/fast; }
                    location = /upload { client_max_body_size 20m; echo_read_request_body; echo "length=[$content_length]"; }
                """.formatted(www, http11);
        nginx = new NginxServer(dir.resolve("nginx"), """
                server {
                    listen 127.0.0.1:%1$d ssl http2;
                    ssl_certificate %4$s/server.pem;
                    ssl_certificate_key %4$s/server.key;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    %5$s
                }
                server {
                    listen 127.0.0.1:%2$d ssl;
                    ssl_certificate %4$s/server.pem;
                    ssl_certificate_key %4$s/server.key;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    %5$s
                }
                server {
                    listen 127.0.0.1:%3$d http2;
                    %5$s
                }
                """.formatted(h2, http11, h2c, dir, locations));
        nginx.awaitPort(h2).awaitPort(http11).awaitPort(h2c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @BeforeEach
    void clearLog() throws Exception {
        nginx.clearLog();
    }

    UserHttpClient client(String base) throws Exception {
        UserHttpClient http = new UserHttpClient(URI.create(base), new RequestRecorder() {
            @Override
            public void record(String type, String name, long micros, long bytes, String error) {
                throw new AssertionError("an HTTP request is recorded with its phases");
            }

            @Override
            public void record(String type, String name, long micros, long bytes, String error, RequestPhases p) {
                recorded.add(new Recorded(name, bytes, error, p.newConnections(), p.reusedConnections(), p.micros(Phase.TLS)));
            }
        });
        http.tls(DataFiles.resolvingWith(dir::resolve, () -> Tls.trustingCa("ca.pem")));
        return http;
    }

    @Test
    void alpnPicksHttp2WhereTheHostOffersItAndKeepsHttp11WhereItDoesNot() throws Exception {
        try (UserHttpClient http = client("https://localhost:" + h2).http2(true)) {
            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/fast").send().text()).isEqualTo("ok");
            }
            assertThat(http.get("https://localhost:" + http11 + "/fast").send().text()).isEqualTo("ok");
            assertThat(http.get("https://localhost:" + http11 + "/fast").send().text()).isEqualTo("ok");
        }
        try (UserHttpClient another = client("https://localhost:" + http11).http2(true)) {
            assertThat(another.get("/fast").send().text()).isEqualTo("ok");
        }
        try (UserHttpClient off = client("https://localhost:" + h2)) {
            assertThat(off.get("/fast").send().text()).as("HTTP/2 is off by default").isEqualTo("ok");
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(9);
        assertThat(log).extracting(NginxServer.Timed::protocol).containsExactly("HTTP/2.0", "HTTP/2.0", "HTTP/2.0",
                "HTTP/2.0", "HTTP/2.0", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.1");
        assertThat(log.subList(0, 5)).extracting(NginxServer.Timed::connection).containsOnly(log.getFirst().connection());
        assertThat(log.subList(0, 5)).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(recorded).hasSize(9).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(recorded.getFirst().opened()).isEqualTo(1);
        assertThat(recorded.getFirst().tlsMicros()).isPositive();
        assertThat(recorded.subList(1, 5)).allSatisfy(r -> {
            assertThat(r.reused()).isEqualTo(1);
            assertThat(r.tlsMicros()).isZero();
        });
        // the first request to the HTTP/1.1 host learnt it: its ALPN handshake and then the HTTP/1.1 connection
        assertThat(recorded.get(5).opened()).isEqualTo(2);
        assertThat(recorded.get(6).reused()).isEqualTo(1);
        assertThat(recorded.get(7).opened()).as("another user goes to it with HTTP/1.1 at once").isEqualTo(1);
    }

    @Test
    void h2cSpeaksHttp2InClearTextWithPriorKnowledge() throws Exception {
        try (UserHttpClient http = client("http://127.0.0.1:" + h2c).h2c(true)) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/fast").send().text()).isEqualTo("ok");
            }
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(3);
        assertThat(log).extracting(NginxServer.Timed::protocol).containsOnly("HTTP/2.0");
        assertThat(log).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 2L, 3L);
        assertThat(recorded).extracting(Recorded::opened).containsExactly(1, 0, 0);
    }

    @Test
    void cookiesRedirectsCompressionAndLargeBodiesBehaveAsOverHttp11() throws Exception {
        byte[] upload = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(upload);
        try (UserHttpClient http = client("https://localhost:" + h2).http2(true)) {
            http.get("/set").send();
            assertThat(http.get("/headers").send().text()).isEqualTo("cookie=[sid=abc] ua=[barrage/0.1]\n");
            Response moved = http.get("/r302").send();
            assertThat(moved.text()).isEqualTo("ok");
            assertThat(moved.url()).isEqualTo("https://localhost:" + h2 + "/fast");
            assertThat(http.get("/dynamic.txt").send().text()).isEqualTo(text);
            assertThat(http.get("/big.bin").send().bytes()).isEqualTo(big);
            Response discarded = http.get("/big.bin").discardBody().send();
            assertThat(discarded.bytes()).isEmpty();
            assertThat(http.post("/upload").body(upload, "application/octet-stream").send().text())
                    .isEqualTo("length=[" + upload.length + "]\n");
            Response missing = http.get("/nothing-here").send();
            assertThat(missing.ok()).isFalse();
        }
        List<String> log = nginx.awaitLog(9);
        assertThat(log).hasSize(9);
        assertThat(nginx.awaitTimed(9)).extracting(NginxServer.Timed::protocol).containsOnly("HTTP/2.0");
        assertThat(log).extracting(l -> l.split(" ")[2]).containsExactly("/set", "/headers", "/r302", "/fast",
                "/dynamic.txt", "/big.bin", "/big.bin", "/upload", "/nothing-here");
        assertThat(recorded).extracting(Recorded::name).containsExactly("/set", "/headers", "/r302", "/dynamic.txt",
                "/big.bin", "/big.bin", "/upload", "/nothing-here");
        assertThat(recorded.get(7).error()).as("grouped as over HTTP/1.1").isEqualTo("HTTP 404 Not Found");
        // the sizes are what went over the wire, as nginx counted them (the redirect: both hops' bodies)
        long[] sent = log.stream().mapToLong(l -> Long.parseLong(l.split(" ")[4])).toArray();
        assertThat(recorded.get(2).bytes()).isEqualTo(sent[2] + sent[3]);
        assertThat(recorded.get(3).bytes()).isEqualTo(sent[4]).isLessThan(text.length() / 10);
        assertThat(recorded.get(4).bytes()).isEqualTo(sent[5]).isEqualTo(big.length);
        assertThat(recorded.get(5).bytes()).isEqualTo(big.length);
    }

    @Test
    void requestsSentAtOnceAreStreamsOfOneConnection() throws Exception {
        Http2Connection connection = new Http2Connection(new Origin(true, "localhost", h2), 10_000, 60_000,
                TlsSockets.of(DataFiles.resolvingWith(dir::resolve, () -> Tls.trustingCa("ca.pem"))));
        byte[] head = ("GET /wait HTTP/1.1\r\nHost: localhost:" + h2 + "\r\nUser-Agent: test\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<RawResponse>> answers = new ArrayList<>();
        try (connection; pool) {
            for (int i = 0; i < 4; i++) {
                Callable<RawResponse> send = () -> connection.exchange(head, new byte[0], false, false, new RequestPhases());
                answers.add(pool.submit(send));
            }
            for (Future<RawResponse> a : answers) {
                assertThat(new String(a.get().body(), StandardCharsets.UTF_8)).isEqualTo("waited\n");
            }
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(4);
        assertThat(log).extracting(NginxServer.Timed::connection).as("one connection for the four").containsOnly(
                log.getFirst().connection());
        assertThat(log).extracting(NginxServer.Timed::protocol).containsOnly("HTTP/2.0");
        // each waited 300 ms in nginx, and they overlapped there: nginx held all four streams at once
        assertThat(log).extracting(NginxServer.Timed::requestTimeSeconds).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(0.295));
        assertThat(Map.of("streams", log.stream().map(NginxServer.Timed::connectionRequests).sorted().toList()))
                .containsEntry("streams", List.of(1L, 2L, 3L, 4L));
    }

    @Test
    void aUsersBackgroundWorkSendsItsRequestsAsStreamsOfTheUsersConnection() throws Exception {
        try (UserHttpClient user = client("http://127.0.0.1:" + h2c).h2c(true);
                UserHttpClient background = client("http://127.0.0.1:" + h2c).sharingHttp2With(user)) {
            assertThat(user.get("/fast").send().text()).isEqualTo("ok");
            Thread polling = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 3; i++) {
                    assertThat(background.get("/wait").send().text()).isEqualTo("waited\n");
                }
            });
            for (int i = 0; i < 3; i++) {
                assertThat(user.get("/wait").send().text()).isEqualTo("waited\n");
            }
            polling.join();
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(7);
        assertThat(log).hasSize(7).extracting(NginxServer.Timed::connection).containsOnly(log.getFirst().connection());
        assertThat(recorded).hasSize(7).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(recorded.stream().mapToInt(Recorded::opened).sum()).isEqualTo(1);
    }

    @Test
    void aRunsTargetRulesHoldForEveryStreamAndRedirectHop() throws Exception {
        TargetAllowList onlyH2 = TargetAllowList.of(List.of(new TargetAllowList.HostPort("localhost", h2)));
        try (UserHttpClient http = new UserHttpClient(URI.create("https://localhost:" + h2), new RequestRecorder() {
                    @Override
                    public void record(String type, String name, long micros, long bytes, String error) {
                        recorded.add(new Recorded(name, bytes, error, 0, 0, 0));
                    }
                }, onlyH2)) {
            http.tls(DataFiles.resolvingWith(dir::resolve, () -> Tls.trustingCa("ca.pem"))).http2(true);
            assertThat(http.get("/fast").send().text()).isEqualTo("ok");
            assertThat(http.get("/away").send().ok()).isFalse();
            assertThat(http.get("https://localhost:" + http11 + "/fast").send().ok()).isFalse();
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(2);
        assertThat(log).extracting(NginxServer.Timed::uri).containsExactly("/fast", "/away"); // nothing on the other port
        assertThat(log).extracting(NginxServer.Timed::protocol).containsOnly("HTTP/2.0");
        assertThat(recorded.get(1).error()).contains("localhost:" + http11);
        assertThat(recorded.get(2).error()).contains("localhost:" + http11);
    }
}
