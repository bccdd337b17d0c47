package dev.barrage.runner.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's tinyproxy on 127.0.0.1, an HTTP proxy nobody here wrote; its log ({@link #requests}) is its own count of
 * what it was asked: one {@code Request} line per proxied request and per {@code CONNECT}.
 */
final class TinyProxy implements AutoCloseable {
    static final Path TINYPROXY = Path.of("/usr/bin/tinyproxy");

    final int port;
    private final Path log;
    private final Process process;

    /** @param basicAuth "user password" to require Basic proxy authentication, or null */
    TinyProxy(Path dir, String basicAuth) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        port = NginxServer.freePort();
        log = dir.resolve("tinyproxy.log");
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, """
                Port %d
                Listen 127.0.0.1
                Timeout 30
                LogFile "%s"
                LogLevel Info
                MaxClients 50
                Allow 127.0.0.1
                %s
                """.formatted(port, log, basicAuth == null ? "" : "BasicAuth " + basicAuth));
        process = new ProcessBuilder(TINYPROXY.toString(), "-d", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tinyproxy exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("tinyproxy does not listen on " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What it was asked so far, e.g. "GET http://127.0.0.1:8080/x HTTP/1.1" or "CONNECT localhost:8443 HTTP/1.1". */
    List<String> requests() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("]: Request (file descriptor"))
                .map(l -> l.substring(l.indexOf("): ") + 3)).toList();
    }

    /** Its log lines that mention {@code text}. */
    List<String> logged(String text) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
