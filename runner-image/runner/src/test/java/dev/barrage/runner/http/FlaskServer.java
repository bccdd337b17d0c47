package dev.barrage.runner.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flask app from the test resources ({@code /flask/NAME.py}) run by Debian's python3-flask on 127.0.0.1; Werkzeug's
 * request log ({@link #logged}) is the server's own count of what it received.
 */
final class FlaskServer implements AutoCloseable {
    private static final Pattern LOGGED = Pattern.compile("\"(\\w+) ([^ ]+) HTTP/1\\.1\" (\\d{3})");

    final int port;
    private final Path log;
    private final Process process;

    FlaskServer(Path dir, String app) throws IOException, InterruptedException {
        Path script = dir.resolve(app);
        try (InputStream in = FlaskServer.class.getResourceAsStream("/flask/" + app)) {
            Files.copy(in, script);
        }
        port = NginxServer.freePort();
        log = dir.resolve(app + ".log");
        process = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Flask exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Flask does not listen on " + port + ": " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Werkzeug's log of requests so far, as "METHOD target status". */
    List<String> logged() throws IOException {
        return Files.readAllLines(log).stream().map(LOGGED::matcher).filter(Matcher::find)
                .map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
