package dev.barrage.runner.webui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.DemoTargetExtension;
import dev.barrage.runner.TestScenarios;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page of {@code barrage run}'s web UI (the console's local mode, bundled in this jar) in a real browser: the walk in
 * {@code web/e2e/local.test.mjs} (Debian's Chromium through playwright-core, axe-core) against a runner started here
 * and the demo target. Screenshots go to {@code runner-image/runner/target/local-e2e}; {@code -Dlocal.e2e.skip=true}
 * leaves it out.
 */
class LocalWebUiEndToEndTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void theLocalWebUiWorksInABrowserAndItsCsvCountsAreTheTargets() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("local.e2e.skip"), "local.e2e.skip is set");
        Path web = Path.of(System.getProperty("barrage.root", "../..")).toAbsolutePath().normalize().resolve("web");
        Path output = Path.of("target", "local-e2e").toAbsolutePath();
        assertThat(run(web, List.of("node", "scripts/deps.mjs"), List.of(), 10)).as("npm dependencies of web/").isZero();
        Path scenario = TestScenarios.copy("Counted.java", dir);
        String host = target.uri().toString().replaceAll("/$", "");
        try (RunnerProcess runner = RunnerProcess.start("run", "-f", scenario.toString(), "-H", host, "--web-port", "0")) {
            int exit = run(web, List.of("npm", "run", "e2e:local"), List.of("RUNNER_URL=" + runner.url(),
                    "TARGET_URL=" + host, "E2E_OUTPUT=" + output), 10);
            assertThat(exit).as("the local web UI's browser test (output above; screenshots in " + output + ")").isZero();
        }
        try (var shots = Files.list(output.resolve("screenshots"))) {
            assertThat(shots.count()).as("running, charts, stopped, phone").isEqualTo(4);
        }
    }

    /** Runs a command, copying its output into this test's; returns its exit code. */
    private static int run(Path dir, List<String> command, List<String> env, int minutes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        for (String kv : env) {
            int eq = kv.indexOf('=');
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Process p = pb.start();
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println("[local-e2e] " + line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + minutes + " minutes");
        }
        pump.join(5000);
        return p.exitValue();
    }
}
