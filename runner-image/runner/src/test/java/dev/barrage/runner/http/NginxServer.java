package dev.barrage.runner.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, started on 127.0.0.1 with a configuration the test writes; its access log ({@link #log()}) is
 * the server's own count of what it received, one line per request: {@code port method uri status body-bytes}; a
 * second log ({@link #awaitTimed}) says which connection carried each request and how long nginx took over it.
 */
final class NginxServer implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path ECHO_MODULE = Path.of("/usr/lib/nginx/modules/ngx_http_echo_module.so");

    final Path dir;
    private final Process process;

    /** @param servers the {@code server { ... }} blocks, inside an http block that logs, has temp paths and types */
    NginxServer(Path dir, String servers) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("tmp"));
        String conf = """
                load_module %s;
                daemon off;
                master_process off;
                worker_processes 1;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 256; }
                http {
                    log_format counts '$server_port $request_method $uri $status $body_bytes_sent';
                    access_log %s/access.log counts;
                    log_format timed '$server_port $uri $connection $connection_requests $request_time $server_protocol';
                    access_log %s/timed.log timed;
                    client_body_temp_path %s/tmp/body;
                    proxy_temp_path %s/tmp/proxy;
                    fastcgi_temp_path %s/tmp/fastcgi;
                    uwsgi_temp_path %s/tmp/uwsgi;
                    scgi_temp_path %s/tmp/scgi;
                    default_type text/plain;
                    %s
                }
                """.formatted(ECHO_MODULE, dir, dir, dir, dir, dir, dir, dir, dir, dir, servers);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", file.toString(), "-e",
                dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    }

    /** Waits until nginx accepts connections on {@code port}. */
    NginxServer awaitPort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx does not listen on " + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The access log's lines so far. */
    List<String> log() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * Waits until the access log holds {@code lines} lines. nginx writes a request's line when it finalizes the
     * request, which can be a moment after the client has read the last byte of the answer.
     */
    List<String> awaitLog(int lines) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> log = log();
        while (log.size() < lines && System.nanoTime() < deadline) {
            Thread.sleep(20);
            log = log();
        }
        return log;
    }

    void clearLog() throws IOException {
        Files.writeString(dir.resolve("access.log"), ""); // nginx appends (O_APPEND): truncating is safe
        Files.writeString(dir.resolve("timed.log"), "");
    }

    /**
     * One line of the timed log: nginx's connection serial number, its request count (streams, for HTTP/2), the
     * request's time, and the protocol ({@code HTTP/1.1}, {@code HTTP/2.0}).
     */
    record Timed(int port, String uri, long connection, long connectionRequests, double requestTimeSeconds,
            String protocol) {
        /** The request came on a connection of its own: nginx's first request on it. */
        boolean newConnection() {
            return connectionRequests == 1;
        }
    }

    /** The timed log's lines so far, once it holds {@code lines} (see {@link #awaitLog}). */
    List<Timed> awaitTimed(int lines) throws IOException, InterruptedException {
        Path log = dir.resolve("timed.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> read = Files.exists(log) ? Files.readAllLines(log) : List.of();
        while (read.size() < lines && System.nanoTime() < deadline) {
            Thread.sleep(20);
            read = Files.readAllLines(log);
        }
        return read.stream().map(l -> l.split(" ")).map(f -> new Timed(Integer.parseInt(f[0]), f[1],
                Long.parseLong(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]), f[5])).toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
