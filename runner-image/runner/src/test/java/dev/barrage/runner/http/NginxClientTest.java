package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.scenario.Response;
import dev.barrage.scenario.Tls;
import dev.barrage.scenario.spi.DataFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a server nobody here wrote: Debian's nginx with gzip, redirects by {@code return}, cookies by
 * {@code add_header}, and TLS with a self-signed CA, a certificate for "localhost" only and an optional client
 * certificate. What the client records is compared with nginx's own access log.
 */
class NginxClientTest {
    @TempDir
    static Path dir;
    static NginxServer nginx;
    static int plain;
    static int other;
    static int tls;
    static String text;

    record Recorded(String type, String name, long bytes, String error) {}

    final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        text = "line of text that compresses well\n".repeat(2000);
        Files.writeString(www.resolve("static.txt"), text);
        Files.writeString(www.resolve("dynamic.txt"), text);
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(www.resolve("static.txt.gz")))) {
            gz.write(text.getBytes());
        }
        Certificates.write(dir);
        plain = NginxServer.freePort();
        other = NginxServer.freePort();
        tls = NginxServer.freePort();
        nginx = new NginxServer(dir.resolve("nginx"), """
                server {
                    listen 127.0.0.1:%1$d;
                    root %4$s;
                    location = /static.txt { gzip_static on; }
                    location = /dynamic.txt { gzip on; gzip_types text/plain; }
                    location = /set { add_header Set-Cookie "sid=abc; Path=/"; add_header Set-Cookie "scoped=1; Path=/scoped"; return 200 "set"; }
                    location = /expire { add_header Set-Cookie "sid=; Path=/; Max-Age=0"; return 200 "expired"; }
                    location = /secure { add_header Set-Cookie "s=1; Path=/; Secure"; return 200 "secure"; }
                    location /scoped/ { echo "cookie=[$http_cookie]"; }
                    location = /headers { echo "cookie=[$http_cookie] auth=[$http_authorization] ae=[$http_accept_encoding]"; }
                    location = /r301 { return 301 /static.txt; }
                    location = /r302 { return 302 /static.txt; }
                    location = /r307 { return 307 /echo; }
                    location = /echo { echo_read_request_body; echo "$request_method $request_body"; }
                    location = /loop { return 302 /loop; }
                    location = /away { add_header Set-Cookie "sid=abc; Path=/"; return 302 http://localhost:%2$d/headers; }
                }
                server {
                    listen 127.0.0.1:%2$d;
                    location = /headers { echo "cookie=[$http_cookie] auth=[$http_authorization]"; }
                }
                server {
                    listen 127.0.0.1:%3$d ssl;
                    ssl_certificate %5$s/server.pem;
                    ssl_certificate_key %5$s/server.key;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    ssl_client_certificate %5$s/ca.pem;
                    ssl_verify_client optional;
                    location / { echo "$ssl_protocol $ssl_client_verify $ssl_client_s_dn"; }
                }
                """.formatted(plain, other, tls, www, dir));
        nginx.awaitPort(plain).awaitPort(other).awaitPort(tls);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @BeforeEach
    void clearLog() throws IOException {
        nginx.clearLog();
    }

    UserHttpClient client(String base) {
        return new UserHttpClient(URI.create(base),
                (type, name, micros, bytes, error) -> recorded.add(new Recorded(type, name, bytes, error)));
    }

    /** nginx's log lines for one port and URI, as "status bytes". */
    static List<String> logged(int port, String uri) throws IOException {
        return nginx.log().stream().filter(l -> l.startsWith(port + " ") && l.split(" ")[2].equals(uri))
                .map(l -> l.split(" ", 4)[3]).toList();
    }

    static long loggedBytes(int port) throws IOException {
        return nginx.log().stream().filter(l -> l.startsWith(port + " ")).mapToLong(l -> Long.parseLong(l.split(" ")[4])).sum();
    }

    @Test
    void gzipBodiesAreDecodedAndTheRecordedSizeIsWhatNginxSent() throws Exception {
        try (UserHttpClient http = client("http://127.0.0.1:" + plain)) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/static.txt").send().text()).isEqualTo(text);
            }
            assertThat(http.get("/dynamic.txt").send().text()).isEqualTo(text);
            assertThat(http.get("/static.txt").header("Accept-Encoding", "identity").send().bytes()).hasSize(text.length());
        }
        nginx.awaitLog(5);
        List<String> statics = logged(plain, "/static.txt");
        assertThat(statics).hasSize(4);
        long gzSize = Files.size(dir.resolve("www/static.txt.gz"));
        assertThat(statics.subList(0, 3)).containsOnly("200 " + gzSize);
        assertThat(recorded).extracting(Recorded::error).containsOnlyNulls();
        assertThat(recorded.subList(0, 3)).extracting(Recorded::bytes).containsOnly(gzSize);
        assertThat(recorded.get(3).bytes()).isLessThan(text.length() / 10);
        assertThat(recorded.get(4).bytes()).isEqualTo(text.length());
    }

    @Test
    void redirectsAreFollowedAndCountedOncePerRequestAsNginxSawTheHops() throws Exception {
        try (UserHttpClient http = client("http://127.0.0.1:" + plain)) {
            Response moved = http.get("/r301").send();
            assertThat(moved.status()).isEqualTo(200);
            assertThat(moved.url()).isEqualTo("http://127.0.0.1:" + plain + "/static.txt");
            assertThat(moved.text()).isEqualTo(text);
            assertThat(http.post("/r302").form(Map.of("a", "1")).send().text()).isEqualTo(text);
            assertThat(http.post("/r307").body("payload", "text/plain").send().text()).isEqualTo("POST payload\n");
            assertThat(http.get("/loop").send().status()).isEqualTo(302);
            assertThat(http.get("/r302").followRedirects(false).send().status()).isEqualTo(302);
        }
        nginx.awaitLog(2 + 2 + 2 + 11 + 1);
        assertThat(recorded).extracting(Recorded::type, Recorded::name, Recorded::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/r301", null),
                org.assertj.core.groups.Tuple.tuple("POST", "/r302", null),
                org.assertj.core.groups.Tuple.tuple("POST", "/r307", null),
                org.assertj.core.groups.Tuple.tuple("GET", "/loop", "more than 10 redirects"),
                org.assertj.core.groups.Tuple.tuple("GET", "/r302", null));
        assertThat(nginx.log()).filteredOn(l -> l.contains(" /static.txt ")).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith(plain + " GET /static.txt 200"));
        assertThat(logged(plain, "/r302")).hasSize(2);
        assertThat(logged(plain, "/r307")).hasSize(1);
        assertThat(nginx.log()).filteredOn(l -> l.contains(" /echo ")).singleElement()
                .satisfies(l -> assertThat(l).startsWith(plain + " POST /echo 200"));
        assertThat(logged(plain, "/loop")).hasSize(11);
        long recordedWithoutEcho = recorded.stream().filter(r -> !r.name().equals("/r307")).mapToLong(Recorded::bytes).sum();
        long loggedWithoutEcho = nginx.log().stream().filter(l -> !l.contains(" /r307 ") && !l.contains(" /echo "))
                .mapToLong(l -> Long.parseLong(l.split(" ")[4])).sum();
        assertThat(recordedWithoutEcho).as("every hop's body, as nginx counted it").isEqualTo(loggedWithoutEcho);
    }

    @Test
    void cookiesSetByNginxGoBackByPathExpireAndStayOffOtherOriginsAndPlainHttpWhenSecure() throws Exception {
        try (UserHttpClient http = client("http://127.0.0.1:" + plain)) {
            http.get("/set").send();
            assertThat(http.get("/headers").send().text()).startsWith("cookie=[sid=abc]");
            assertThat(http.get("/scoped/x").send().text()).isEqualTo("cookie=[scoped=1; sid=abc]\n");
            assertThat(http.cookies().get("sid")).contains("abc");
            http.get("/secure").send();
            assertThat(http.get("/headers").send().text()).startsWith("cookie=[sid=abc]");
            http.get("/expire").send();
            assertThat(http.get("/headers").send().text()).startsWith("cookie=[]");
            http.cookies().set("mine", "1");
            assertThat(http.get("/headers").send().text()).startsWith("cookie=[mine=1]");
            http.cookies().clear();
            http.defaultHeader("Authorization", "Bearer t");
            assertThat(http.get("/away").send().text()).as("another origin: no cookie of 127.0.0.1, no Authorization")
                    .isEqualTo("cookie=[] auth=[]\n");
            assertThat(http.get("/headers").send().text()).startsWith("cookie=[sid=abc] auth=[Bearer t] ae=[gzip, deflate]");
        }
        assertThat(recorded).extracting(Recorded::error).containsOnlyNulls();
        assertThat(recorded).hasSize(nginx.awaitLog(recorded.size() + 1).size() - 1); // /away's hop to the other server is the one more
        assertThat(logged(other, "/headers")).hasSize(1);
    }

    Tls tls(java.util.function.Supplier<Tls> settings) throws Exception {
        return DataFiles.resolvingWith(dir::resolve, settings::get);
    }

    @Test
    void tlsTrustsTheGivenCaChecksTheHostNameAndShowsAClientCertificate() throws Exception {
        try (UserHttpClient http = client("https://localhost:" + tls)) {
            assertThat(http.get("/").send().ok()).as("the JVM's CAs do not know the test CA").isFalse();
            http.tls(tls(() -> Tls.trustingCa("ca.pem")));
            assertThat(http.get("/").send().text()).matches("TLSv1\\.3 NONE \n");
            http.tls(tls(() -> Tls.trustingCa("ca.pem").versions("TLSv1.2")));
            assertThat(http.get("/").send().text()).startsWith("TLSv1.2 NONE");
            http.tls(tls(() -> Tls.trustingCa("ca.pem").clientCertificate("client.p12", "secret")));
            assertThat(http.get("/").send().text()).isEqualTo("TLSv1.3 SUCCESS CN=load-test-user\n");
            http.tls(tls(() -> Tls.defaults().trustStore("trust.p12", "secret")));
            assertThat(http.get("/").send().ok()).isTrue();
        }
        try (UserHttpClient byAddress = client("https://127.0.0.1:" + tls)) {
            byAddress.tls(tls(() -> Tls.trustingCa("ca.pem")));
            assertThat(byAddress.get("/").send().ok()).as("the certificate names localhost only").isFalse();
            byAddress.tls(Tls.insecure());
            assertThat(byAddress.get("/").send().ok()).isTrue();
        }
        nginx.awaitLog(5);
        assertThat(recorded).extracting(r -> r.error() == null).containsExactly(false, true, true, true, true, false, true);
        assertThat(recorded.getFirst().error()).contains("SSLHandshakeException");
        assertThat(recorded.get(5).error()).contains("No subject alternative names matching IP address 127.0.0.1");
        assertThat(logged(tls, "/")).hasSize(5); // the two refused handshakes never became requests
    }

    /** The test CA, a server certificate for "localhost" and a client certificate, made with Debian's openssl. */
    static final class Certificates {
        static void write(Path dir) throws IOException, InterruptedException {
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=barrage-test-ca");
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=localhost");
            run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                    "-subj", "/CN=load-test-user");
            run(dir, "openssl", "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "client.pem", "-days", "2");
            run(dir, "openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                    "-passout", "pass:secret");
            run(dir, "keytool", "-importcert", "-noprompt", "-file", "ca.pem", "-alias", "ca", "-keystore", "trust.p12",
                    "-storetype", "PKCS12", "-storepass", "secret");
        }

        private static void run(Path dir, String... command) throws IOException, InterruptedException {
            if (command[0].equals("keytool")) {
                command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            }
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            p.getInputStream().transferTo(out);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + out);
            }
        }
    }
}
