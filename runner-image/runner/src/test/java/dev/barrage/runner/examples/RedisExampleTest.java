package dev.barrage.runner.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis pub/sub example against a real redis-server from Debian's packages (installed here if missing), on a
 * free port of 127.0.0.1: what the runner recorded must be what Redis itself counted.
 */
class RedisExampleTest {
    static Process redis;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        ensureInstalled();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("redis");
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", data.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"+PONG".equals(command("PING"))) {
            if (System.nanoTime() > deadline || !redis.isAlive()) {
                throw new IllegalStateException("redis-server did not start: " + Files.readString(data.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
    }

    /** apt-get as the machine's setup would; tests are skipped (not failed) only when that is impossible. */
    private static void ensureInstalled() throws Exception {
        if (onPath("redis-server")) {
            return;
        }
        boolean installed = new ProcessBuilder("sh", "-c",
                "(apt-get install -y redis-server || (apt-get update && apt-get install -y redis-server)) >/dev/null 2>&1")
                .inheritIO().start().waitFor() == 0;
        assumeTrue(installed && onPath("redis-server"), "redis-server is not installed and apt-get could not install it");
    }

    private static boolean onPath(String program) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + program).start().waitFor() == 0;
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    /** One inline command over RESP; the first line of the answer. */
    static String command(String line) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Calls per command from INFO commandstats, e.g. publish -> 120. */
    static Map<String, Long> commandCalls() throws IOException {
        Map<String, Long> calls = new HashMap<>();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("INFO commandstats\r\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                read += in.read(body, read, length - read);
            }
            for (String l : new String(body).split("\r\n")) {
                if (l.startsWith("cmdstat_")) {
                    String name = l.substring(8, l.indexOf(':'));
                    String callsPart = l.substring(l.indexOf("calls=") + 6);
                    calls.put(name, Long.parseLong(callsPart.substring(0, callsPart.indexOf(','))));
                }
            }
        }
        return calls;
    }

    @Test
    void publishersAndTheSubscriberLandInTheStatisticsAsRedisCountedThem() throws Exception {
        ExamplesTest.Result r = ExamplesTest.run(dir, "RedisPubSub.java", "-u", "4", "-r", "20", "-t", "3s", "-s", "5s",
                "-e", "REDIS_PORT=" + port);

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Map<String, Long> recorded = r.requestsByEndpoint();
        Map<String, Long> redisCounted = commandCalls();
        assertThat(recorded.get("redis PUBLISH orders")).isPositive().isEqualTo(redisCounted.get("publish"));
        assertThat(recorded.get("redis INCR stock:[id]")).isPositive().isEqualTo(redisCounted.get("incr"));
        assertThat(recorded.get("redis GET stock:[id]")).isEqualTo(redisCounted.get("get"));
        // the subscriber got the orders published while it listened: all but those sent before it subscribed
        long delivered = recorded.getOrDefault("redis order delivered", 0L);
        assertThat(delivered).isPositive().isLessThanOrEqualTo(recorded.get("redis PUBLISH orders"));
        JsonNode failures = r.report().get("failures");
        assertThat(failures).isEmpty();
    }
}
