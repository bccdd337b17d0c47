package dev.barrage.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A //DEPS library is read like the scenario, all its classes: one that reads files, the environment or starts
 * processes is refused at upload, naming the jar, the class and method and the API, on the //DEPS line that brought
 * it. The library is built here, compiled into a jar in a Maven repository of the test's own.
 */
class HostedDependenciesTest {
    @TempDir
    Path dir;

    private String localRepository;

    @BeforeEach
    void useOwnRepository() {
        localRepository = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", dir.resolve("repository").toString());
    }

    @AfterEach
    void restoreRepository() {
        if (localRepository == null) {
            System.clearProperty("maven.repo.local");
        } else {
            System.setProperty("maven.repo.local", localRepository);
        }
    }

    @Test
    void aLibraryThatReadsFilesOrTheEnvironmentOrStartsProcessesIsRefusedWithJarClassAndMethod() throws Exception {
        install("harvest", "evil/Harvest.java", """
                package evil;
                public class Harvest {
                    public static String secrets() throws Exception {
                        return java.nio.file.Files.readString(java.nio.file.Path.of("/etc/passwd")) + System.getenv();
                    }
                    public static void phone() throws Exception {
                        new ProcessBuilder("sh", "-c", "id").start();
                    }
                    static class Reader extends java.io.FileInputStream {
                        Reader() throws Exception { super("/proc/self/environ"); }
                    }
                }
                """);
        Path file = Files.writeString(dir.resolve("Uses.java"), """
                //DEPS dev.barrage.test:harvest:1.0
                import dev.barrage.scenario.*;

                public class Uses extends HttpUser {
                    @Task void a() throws Exception { client.post("/").body(evil.Harvest.secrets(), "text/plain").send(); }
                }
                """);

        String prefix = "Uses.java:1:8: //DEPS dev.barrage.test:harvest:1.0: harvest-1.0.jar: ";
        assertThatThrownBy(() -> ScenarioCompiler.hosted().compile(file))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(prefix + "evil.Harvest.secrets uses java.nio.file.Files.readString, which is not "
                        + "allowed in a hosted scenario or its dependencies: a hosted scenario reads only the data files")
                .hasMessageContaining(prefix + "evil.Harvest.secrets uses java.nio.file.Path.of")
                .hasMessageContaining(prefix + "evil.Harvest.secrets uses java.lang.System.getenv, which is not allowed "
                        + "in a hosted scenario or its dependencies: the runner's environment")
                .hasMessageContaining(prefix + "evil.Harvest.phone uses new java.lang.ProcessBuilder")
                .hasMessageContaining(prefix + "evil.Harvest$Reader.<init> uses new java.io.FileInputStream")
                .hasMessageContaining("checking the hosted scenario rules of Uses.java");
        assertThat(new ScenarioCompiler().compile(file).classes()).as("from one's own machine it is fine").isNotEmpty();
    }

    /** Sockets are a dependency's to open (a Redis or Kafka client): the network lets a run reach only its targets. */
    @Test
    void aLibraryMayOpenSocketsAndThreadsButTheScenarioItselfMayNot() throws Exception {
        install("courier", "ok/Courier.java", """
                package ok;
                public class Courier {
                    public static void send(String host, byte[] bytes) throws Exception {
                        try (var socket = new java.net.Socket(host, 6379)) {
                            socket.getOutputStream().write(bytes);
                        }
                        java.util.concurrent.Executors.newSingleThreadExecutor().shutdown();
                    }
                }
                """);
        Path file = Files.writeString(dir.resolve("Sends.java"), """
                //DEPS dev.barrage.test:courier:1.0
                import dev.barrage.scenario.*;

                public class Sends extends User {
                    @Task void a() throws Exception { ok.Courier.send("127.0.0.1", new byte[] {1}); }
                    @Task void b() throws Exception { new java.net.Socket("127.0.0.1", 6379).close(); }
                }
                """);

        assertThatThrownBy(() -> ScenarioCompiler.hosted().compile(file))
                .hasMessageStartingWith("Sends.java:6:39: new Socket is not allowed in a hosted scenario")
                .hasMessageEndingWith("\n1 error checking the hosted scenario rules of Sends.java");
    }

    /** Compiles one class into group dev.barrage.test, version 1.0, in the test's Maven repository. */
    private void install(String artifact, String path, String source) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + artifact));
        Path java = src.resolve(path);
        Files.createDirectories(java.getParent());
        Files.writeString(java, source);
        Path classes = Files.createDirectories(dir.resolve("classes-" + artifact));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                java.toString());
        assertThat(compiled).isZero();
        Path folder = Files.createDirectories(dir.resolve("repository/dev/barrage/test/" + artifact + "/1.0"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(folder.resolve(artifact + "-1.0.jar")));
                Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
        }
        Files.writeString(folder.resolve(artifact + "-1.0.pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.barrage.test</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0</version>
                </project>
                """.formatted(artifact));
    }
}
