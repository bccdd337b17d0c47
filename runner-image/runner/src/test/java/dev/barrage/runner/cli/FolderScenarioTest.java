package dev.barrage.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.DemoTargetExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder is one scenario: its .java files compile together (helpers shared by its user classes), errors and the
 * hosted rules name the file they are in, a failing static initializer of a helper names its line, and a folder
 * without a .java file says so.
 */
class FolderScenarioTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    static final String USER = """
            import dev.barrage.scenario.*;
            public class Visitor extends HttpUser {
                @Task void go() { Paths.fetch(client, Paths.ROWS.next().get("path")); }
            }
            """;

    static final String HELPER = """
            import dev.barrage.scenario.*;
            final class Paths {
                static final Feeder ROWS = Feeder.csv("paths.csv", Feeder.Order.CIRCULAR);
                static void fetch(Http client, String path) { client.get(path).send(); }
            }
            """;

    private Path folder(String helper) throws IOException {
        Path scenario = Files.createDirectories(dir.resolve("visits"));
        Files.writeString(scenario.resolve("Visitor.java"), USER);
        Files.writeString(scenario.resolve("Paths.java"), helper);
        Files.writeString(scenario.resolve("paths.csv"), "path\n/fast\n/items/7\n");
        Files.createDirectories(scenario.resolve("sub"));
        Files.writeString(scenario.resolve("sub/Ignored.java"), "this is not read");
        return scenario;
    }

    /** The 1-based column of {@code word} on a 1-based line of {@code code}. */
    private static int column(String code, int line, String word) {
        return code.lines().toList().get(line - 1).indexOf(word) + 1;
    }

    @Test
    void theFilesOfAFolderCompileAndRunTogether() throws IOException {
        target.resetCounts();
        CliRun run = CliRun.of("run", "-f", folder(HELPER).toString(), "-H", target.uri().toString(), "-u", "2", "-r", "20",
                "-t", "1s", "--headless", "--only-summary");

        assertThat(run.exitCode()).as(run.err()).isZero();
        long fast = target.counts().getOrDefault("GET /fast", 0L);
        long item = target.counts().getOrDefault("GET /items/{id}", 0L);
        assertThat(fast).isPositive();
        // the helper's feeder hands out its two rows in turn
        assertThat(Math.abs(fast - item)).isLessThanOrEqualTo(2);
        assertThat(run.out()).contains("GET      /fast", "GET      /items/7");
    }

    @Test
    void aCompileErrorInAHelperNamesThatFile() throws IOException {
        String helper = HELPER.replace("client.get(path).send();", "client.gett(path).send();");
        CliRun run = CliRun.of("check", "-f", folder(helper).toString());

        assertThat(run.exitCode()).isEqualTo(2);
        // javac points at the dot of the member it cannot find
        assertThat(run.err()).contains("Paths.java:4:" + column(helper, 4, ".gett") + ": cannot find symbol",
                "1 error compiling visits/");
        assertThat(run.err()).doesNotContain("Visitor.java:");
    }

    @Test
    void theHostedRulesHoldForEveryFileOfTheFolder() throws IOException {
        String helper = HELPER.replace("client.get(path).send();", "client.get(path).send(); System.exit(1);");
        Path scenario = folder(helper);
        assertThat(CliRun.of("check", "-f", scenario.toString()).exitCode()).as("allowed on one's own machine").isZero();

        CliRun hosted = CliRun.of("check", "--hosted", "-f", scenario.toString());
        assertThat(hosted.exitCode()).isEqualTo(2);
        assertThat(hosted.err()).contains("Paths.java:4:" + column(helper, 4, "exit") + ": System.exit is not allowed in a hosted scenario",
                "1 error checking the hosted scenario rules of visits/");
    }

    @Test
    void aHelperThatFailsToLoadNamesItsLine() throws IOException {
        Path scenario = folder(HELPER.replace("Feeder.csv(\"paths.csv\"", "Feeder.csv(\"missing.csv\""));
        CliRun run = CliRun.of("check", "-f", scenario.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Paths.java:3: ", "missing.csv");
    }

    @Test
    void aFolderWithoutJavaFilesSaysWhatAScenarioFolderHolds() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("data-only"));
        Files.writeString(empty.resolve("paths.csv"), "path\n/fast\n");
        CliRun run = CliRun.of("check", "-f", empty.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines.getLast()).contains("data-only holds no .java file: a scenario folder holds the scenario's .java files");
    }
}
