package dev.barrage.runner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/Login.java against a Flask app nobody here wrote the server of (Debian's python3-flask): a form login with
 * a CSRF token and a session cookie, answered by a 302. Every user signs in, the signed-in pages follow without a
 * failure, and the report's counts equal the requests in Werkzeug's own request log.
 */
class LoginExampleTest {
    static final Pattern LOGGED = Pattern.compile("\"(\\w+) (/[^ ?]*)[^\"]* HTTP/1\\.1\" (\\d{3})");

    @TempDir
    Path dir;

    @Test
    void everyUserSignsInAndTheSignedInRequestsFollowAsFlaskLoggedThem() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path app = dir.resolve("login_app.py");
        try (var in = getClass().getResourceAsStream("/flask/login_app.py")) {
            Files.copy(in, app);
        }
        Path log = dir.resolve("flask.log");
        Process flask = new ProcessBuilder("/usr/bin/python3", app.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ExamplesTest.Result r;
        try {
            awaitPort(flask, port, log);
            r = ExamplesTest.run(dir, "Login.java", "-H", "http://127.0.0.1:" + port, "-u", "5", "-r", "5", "-t", "4s",
                    "-s", "5s");
        } finally {
            flask.destroy();
            flask.waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.report().at("/aggregated/failures").asLong()).isZero();

        Map<String, Long> logged = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOGGED.matcher(line);
            if (m.find()) {
                String path = m.group(2).startsWith("/items/") ? "/items/[id]" : m.group(2);
                logged.merge(m.group(1) + " " + path + " " + m.group(3), 1L, Long::sum);
            }
        }
        Map<String, Long> reported = r.requestsByEndpoint();
        assertThat(reported.get("GET /login")).isEqualTo(5);
        assertThat(reported.get("POST /login")).isEqualTo(5);
        assertThat(logged).containsOnlyKeys("GET /login 200", "POST /login 302", "GET /account 200", "GET /items/[id] 200");
        assertThat(logged.get("GET /login 200")).isEqualTo(5);
        assertThat(logged.get("POST /login 302")).isEqualTo(5);
        assertThat(logged.get("GET /account 200")).as("each sign-in's redirect hop, then the account task")
                .isEqualTo(5 + reported.get("GET /account"));
        assertThat(logged.get("GET /items/[id] 200")).isEqualTo(reported.get("GET /items/[id]"));
        assertThat(reported.get("GET /account") + reported.get("GET /items/[id]")).isGreaterThan(20);
    }

    private static void awaitPort(Process process, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Flask exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Flask does not listen on " + port + ": " + Files.readString(log));
    }
}
