package dev.barrage.runner.checkpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.barrage.protocol.launch.CheckInputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check pod's program against a stand-in for the control plane's runner API that serves one upload's inputs once,
 * to the right token: the check runs in a JVM of its own and its output becomes the termination message.
 */
class CheckPodTest {
    static final String TOKEN = "one-time-token";
    static final List<String> JVM = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData");

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    volatile byte[] inputs;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/runner-api/checks/c1/inputs", exchange -> {
            boolean first = TOKEN.equals(exchange.getRequestHeaders().getFirst(CheckInputs.TOKEN_HEADER))
                    && served.get() == 0;
            if (first) {
                served.incrementAndGet();
                exchange.sendResponseHeaders(200, inputs.length);
                exchange.getResponseBody().write(inputs);
            } else {
                refused.incrementAndGet();
                byte[] body = "{\"detail\":\"no valid check token\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aValidUploadIsCheckedWithItsDependenciesAndDataFilesAndItsVerdictIsTheTerminationMessage() throws Exception {
        Path jar = jarOf( "greeting.jar", "lib.Greeting", """
                package lib;
                public class Greeting { public static String hello() { return "hello"; } }
                """);
        inputs("Shop.java", """
                import dev.barrage.scenario.*;
                public class Shop extends HttpUser {
                    static final String HELLO = lib.Greeting.hello();
                    @Task(3) void home() { client.get("/").send(); }
                    @Task void items() { client.get("/items").send(); }
                }
                """, Map.of("users.csv", "name\nada\n"), List.of(jar));

        Result r = run(true);

        assertThat(r.code).as(r.log).isZero();
        assertThat(r.message).isEqualTo("ok: Shop (weight 1, 2 tasks)\nload: {\"kind\":\"users\"}\n");
        assertThat(r.log).isEqualTo(r.message);
        assertThat(served.get()).isEqualTo(1);
    }

    @Test
    void aBrokenUploadLeavesItsErrorsWithLineAndColumn() throws Exception {
        inputs("Broken.java", """
                import dev.barrage.scenario.*;
                public class Broken extends HttpUser {
                    @Task void a() { client.gett("/").send(); }
                }
                """, Map.of(), List.of());

        Result r = run(true);

        assertThat(r.code).isEqualTo(2);
        assertThat(r.message).startsWith("Broken.java:3:28: cannot find symbol");
    }

    @Test
    void theChecksJvmSeesAnEmptyEnvironmentAndTheSpentTokenOpensNothing() throws Exception {
        // without the hosted rules, so that only the pod's program stands between the scenario and its token: the
        // token is not in the check's environment, and it was spent before the static initializer ran
        inputs("Peek.java", """
                import dev.barrage.scenario.*;
                public class Peek extends HttpUser {
                    static {
                        String again;
                        try {
                            var http = java.net.http.HttpClient.newHttpClient();
                            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("%s"))
                                    .header("%s", "%s").build();
                            again = "HTTP " + http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) { again = e.toString(); }
                        System.out.println("SEEN env=" + System.getenv() + " again=" + again);
                    }
                    @Task void a() { client.get("/").send(); }
                }
                """.formatted(url(), CheckInputs.TOKEN_HEADER, TOKEN), Map.of(), List.of());

        Result r = run(false);

        assertThat(r.code).as(r.log).isZero();
        assertThat(r.log).contains("SEEN env={} again=HTTP 401");
        assertThat(served.get()).isEqualTo(1);
        assertThat(refused.get()).isEqualTo(1);
    }

    @Test
    void aStaticInitializerThatTakesTheHeapEndsTheCheckSaying() throws Exception {
        inputs("Hog.java", """
                import dev.barrage.scenario.*;
                public class Hog extends HttpUser {
                    static final java.util.List<long[]> HELD = new java.util.ArrayList<>();
                    static { for (int i = 0; i < Integer.MAX_VALUE; i++) { HELD.add(new long[1 << 20]); } }
                    @Task void a() { client.get("/").send(); }
                }
                """, Map.of(), List.of());

        Result r = run(false);

        assertThat(r.code).isEqualTo(3);
        assertThat(r.message).contains("Terminating due to java.lang.OutOfMemoryError");
    }

    @Test
    void inputsThatCannotBeFetchedEndWith75AndSayWhy() throws Exception {
        inputs("Shop.java", "class Shop {}", Map.of(), List.of());
        served.set(1); // spent already

        Result r = run(true);

        assertThat(r.code).isEqualTo(CheckInputs.UNAVAILABLE);
        assertThat(r.message).startsWith("barrage check-pod: cannot fetch the upload's inputs from " + url() + ": HTTP 401 ")
                .contains("no valid check token");
    }

    /** A library jar of one class, compiled here: what a //DEPS line resolves to. */
    private Path jarOf(String jarName, String className, String source) throws IOException {
        Path src = Files.createDirectories(dir.resolve("lib-src"));
        Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("lib-classes"));
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                file.toString())).isZero();
        Path jar = dir.resolve(jarName);
        String entry = className.replace('.', '/') + ".class";
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar;
    }

    private void inputs(String file, String source, Map<String, String> data, List<Path> jars) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        data.forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        CheckInputs.write(zip, file, source, files, jars);
        inputs = zip.toByteArray();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/runner-api/checks/c1/inputs";
    }

    record Result(int code, String message, String log) {}

    private Result run(boolean hosted) throws Exception {
        Path termination = dir.resolve("termination-log");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new CheckPod(new CheckPod.Settings(URI.create(url()), TOKEN, hosted, JVM, termination,
                Duration.ofSeconds(5), "dev.barrage.runner.cli.BarrageCommand"),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        return new Result(code, Files.readString(termination), log.toString(StandardCharsets.UTF_8));
    }
}
