package dev.barrage.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.DemoTargetExtension;
import dev.barrage.runner.TestScenarios;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The web UI's flags on the command line: --autostart and --autoquit, a port that is taken, --help. */
class WebUiCommandTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void autostartRunsWithTheFlagsAndAutoquitEndsTheRunnerWithTheRunsExitCode() throws IOException {
        target.resetCounts();
        Path scenario = TestScenarios.copy("Counted.java", dir);
        String prefix = dir.resolve("auto").toString();

        CliRun run = CliRun.of("run", "-f", scenario.toString(), "-H", target.uri().toString(), "-u", "3", "-r", "30",
                "-t", "2s", "--autostart", "--autoquit", "0", "--web-port", "0", "--csv", prefix);

        assertThat(run.out()).contains("Web UI at http://127.0.0.1:").doesNotContain("nothing starts until the form");
        // /flaky fails on purpose: the last run's exit code and reason, as --headless gives them
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(lastLine(run.err())).startsWith("exit 1: ").contains("requests failed");
        Map<String, Long> server = target.counts();
        Map<String, Long> csv = requestCounts(Path.of(prefix + "_stats.csv"));
        assertThat(csv.get("POST /login")).isEqualTo(server.get("POST /login")).isEqualTo(3);
        assertThat(csv.get("GET /fast")).isEqualTo(server.get("GET /fast")).isPositive();
        assertThat(csv.get("GET /items/[id]")).isEqualTo(server.get("GET /items/{id}")).isPositive();
        assertThat(csv.get("GET /flaky")).isEqualTo(server.get("GET /flaky")).isPositive();
        assertThat(csv.get("GET /slow")).isEqualTo(server.get("GET /slow")).isPositive();
        assertThat(csv.get("Aggregated")).isEqualTo(server.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aPortInUseOrAutostartWithoutAHostIsBadInputSaidOnTheLastLine() throws IOException {
        Path scenario = TestScenarios.copy("Counted.java", dir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("run", "-f", scenario.toString(), "-H", target.uri().toString(), "--web-port",
                    String.valueOf(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(lastLine(run.err())).contains("cannot serve the web UI on 127.0.0.1:" + taken.getLocalPort(),
                    "--web-port", "--headless");
        }
        CliRun noHost = CliRun.of("run", "-f", scenario.toString(), "--autostart", "--web-port", "0");
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(lastLine(noHost.err())).contains("no host to test", "-H/--host");
        CliRun negative = CliRun.of("run", "-f", scenario.toString(), "--autoquit", "-1", "--web-port", "0", "-t", "5s");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(lastLine(negative.err())).contains("--autoquit must be 0 or more seconds, got -1");
    }

    @Test
    void aRunDrivenByALoadShapeRefusesAUserCountSayingWhy() throws Exception {
        Path scenario = TestScenarios.copy("Stages.java", dir);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRun.of("run", "-f", scenario.toString(),
                "-H", target.uri().toString(), "--autostart", "--autoquit", "0", "--web-port", String.valueOf(port)));
        var http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> answer = null;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (answer == null) {
            try {
                answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/swarm"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("user_count=9&spawn_rate=9")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException notYet) {
                assertThat(System.nanoTime()).as("the web UI came up").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"success\":false",
                "the scenario's Shape (a load shape) sets the users of this run, not the user count");
        CliRun done = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.err()).isZero();
    }

    @Test
    void helpSaysWhyTheWebUiListensOnThisMachineOnly() {
        CliRun run = CliRun.of("run", "--help");
        assertThat(run.out()).contains("--web-host=ADDRESS", "--web-port=PORT", "--autostart", "--autoquit=SECONDS");
        assertThat(run.out().replaceAll("\\s+", " ")).contains("default: 127.0.0.1, this machine only",
                "lets anyone who can reach this machine start load from it");
    }

    private static Map<String, Long> requestCounts(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.getFirst().split(","));
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            String type = cells[header.indexOf("Type")];
            String name = cells[header.indexOf("Name")];
            counts.put(type.isEmpty() ? name : type + " " + name, Long.parseLong(cells[header.indexOf("Request Count")]));
        }
        return counts;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
