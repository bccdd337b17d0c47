package dev.barrage.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console end to end, in a real browser: the walk through in {@code web/e2e/console.test.mjs} (Debian's
 * Chromium driven by playwright-core) against this control plane, the PostgreSQL, Kafka and Keycloak that
 * {@code infra/up} started for the tests, and a demo target. Screenshots, downloads and the axe-core findings land in
 * {@code control-plane/target/console-e2e}. {@code -Dconsole.e2e.skip=true} leaves it out.
 */
@QuarkusTest
class ConsoleEndToEndTest {
    static DemoTarget target;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void startTarget() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("console.e2e.skip"), "console.e2e.skip is set");
        target = DemoTarget.start(0);
    }

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    static Path root() {
        return Path.of(System.getProperty("barrage.root", "..")).toAbsolutePath().normalize();
    }

    @Test
    void theConsoleWorksInABrowser() throws Exception {
        Path web = root().resolve("web");
        Path output = Path.of("target", "console-e2e").toAbsolutePath();
        // the web module installs these when the whole reactor builds; alone, the control plane's tests do it here
        assertThat(run(web, List.of("node", "scripts/deps.mjs"), List.of(), 10)).as("npm dependencies of web/").isZero();
        List<String> env = List.of(
                "BASE_URL=http://127.0.0.1:" + port,
                "TARGET_URL=" + target.uri().toString().replaceAll("/$", ""),
                "E2E_OUTPUT=" + output,
                // the test profile has a secrets key and lets integrations reach 127.0.0.1: the Slack walk must work
                "E2E_INTEGRATIONS=required");
        int exit = run(web, List.of("npm", "run", "e2e"), env, 20);
        assertThat(exit).as("the console's end-to-end tests (output above; screenshots in " + output + ")").isZero();
        assertThat(Files.list(output.resolve("screenshots")).count()).isGreaterThan(20);
    }

    /** Runs a command, copying its output line by line into this test's output; returns its exit code. */
    static int run(Path dir, List<String> command, List<String> env, int minutes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Process p = pb.start();
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.contains("Unknown user config")) {
                        System.out.println("[console] " + line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            pump.join(5000);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + minutes + " minutes");
        }
        pump.join(5000);
        return p.exitValue();
    }
}
