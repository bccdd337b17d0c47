package dev.barrage.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.runner.DemoTargetExtension;
import dev.barrage.runner.TestScenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a local run, sent as a person's terminal sends it: SIGINT to a {@code barrage run} in a JVM of its own.
 * The reports are written, the last line says where, and the exit code is 130; a second Ctrl-C quits at once.
 */
class StopSignalsTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void ctrlCWritesTheReportsSaysWhereAndExits130() throws Exception {
        target.resetCounts();
        Path scenario = TestScenarios.copy("Latency.java", dir);
        Path html = dir.resolve("out/latency.html");
        Path json = dir.resolve("out/latency.json");
        String prefix = dir.resolve("out/latency").toString();

        Process run = barrageRun(scenario, "-u", "4", "-r", "20", "-t", "60s", "--only-summary",
                "--html", html.toString(), "--json", json.toString(), "--csv", prefix);
        awaitLine(run, "All users spawned");
        Thread.sleep(1000); // a second of load
        signal(run, "INT");

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the run stopped").isTrue();
        String err = errOf(run);
        assertThat(run.exitValue()).as(err).isEqualTo(130);
        List<String> lines = err.strip().lines().toList();
        assertThat(lines.getLast()).as(err)
                .startsWith("exit 130: stopped by Ctrl-C (SIGINT) after ")
                .endsWith("; the reports cover the run until then: " + prefix
                        + "_{stats,stats_history,failures,exceptions}.csv, " + html + ", " + json);
        assertThat(err).contains("Ctrl-C again quits at once", "HTML report written: " + html);

        // the files are whole, and hold every request the target answered (those in flight at Ctrl-C included)
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        long served = target.counts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(served).isPositive();
        assertThat(report.at("/aggregated/requests").asLong()).isEqualTo(served);
        assertThat(Files.readString(html)).contains("</html>");
        assertThat(Files.readAllLines(Path.of(prefix + "_stats.csv"))).last().asString()
                .contains("Aggregated," + served + ",");
    }

    @Test
    void aSecondCtrlCQuitsAtOnceWithoutReports() throws Exception {
        Path scenario = dir.resolve("Waiting.java");
        Files.writeString(scenario, """
                import dev.barrage.scenario.*;

                public class Waiting extends HttpUser {
                    @Task void slow() { client.get("/slow?ms=10000").name("/slow").send(); }
                }
                """);
        Path json = dir.resolve("waiting.json");

        Process run = barrageRun(scenario, "-u", "2", "-r", "20", "-t", "60s", "--only-summary", "--json",
                json.toString());
        awaitLine(run, "All users spawned");
        signal(run, "INT");
        // the first Ctrl-C waits for the two requests under way, which the target answers after 10 s
        awaitLine(run, "Ctrl-C (SIGINT): stopping");
        signal(run, "INT");

        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = errOf(run);
        assertThat(run.exitValue()).as(err).isEqualTo(130);
        assertThat(err.strip().lines().toList().getLast())
                .isEqualTo("barrage run: Ctrl-C (SIGINT) again: quitting now, without reports");
        assertThat(json).doesNotExist();
    }

    @Test
    void sigtermStopsTheRunLikeCtrlCWithItsOwnCode() throws Exception {
        Path scenario = TestScenarios.copy("Latency.java", dir);
        Path json = dir.resolve("term.json");

        Process run = barrageRun(scenario, "-u", "2", "-r", "20", "--only-summary", "--json", json.toString());
        awaitLine(run, "All users spawned");
        run.destroy(); // SIGTERM, as a CI job's cancel or a container's stop sends

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = errOf(run);
        assertThat(run.exitValue()).as(err).isEqualTo(143);
        assertThat(err.strip().lines().toList().getLast()).as(err)
                .matches("exit 143: stopped by SIGTERM after \\d+\\.\\d s; the reports cover the run until then: \\Q"
                        + json + "\\E");
        assertThat(new ObjectMapper().readTree(json.toFile()).at("/aggregated/requests").asLong()).isPositive();
    }

    /**
     * {@code barrage run} in a JVM of its own with this test's class path. {@code env --default-signal} gives it the
     * default disposition of the stop signals, which a build started in the background would pass on as ignored.
     */
    private Process barrageRun(Path scenario, String... flags) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM,HUP",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BarrageCommand.class.getName(), "run", "-f", scenario.toString(),
                "-H", target.uri().toString(), "--headless"));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        started.add(process);
        return process;
    }

    private void awaitLine(Process run, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!errOf(run).contains(text)) {
            assertThat(run.isAlive()).as("still running, waiting for '%s':%n%s", text, errOf(run)).isTrue();
            assertThat(System.nanoTime()).as("'%s' within 60 s:%n%s", text, errOf(run)).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String errOf(Process run) throws IOException {
        return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private static void signal(Process run, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
