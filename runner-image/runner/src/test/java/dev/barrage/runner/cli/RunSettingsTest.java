package dev.barrage.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.runner.DemoTargetExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** barrage run's flags from config files and environment variables, in Locust's order of precedence. */
class RunSettingsTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path home;
    @TempDir
    Path cwd;

    final CommandSpec spec = new CommandLine(new RunCommand()).getCommandSpec();

    List<String> arguments(Map<String, String> env, Path config, String... onCommandLine) throws IOException {
        Set<String> given = Set.of(onCommandLine);
        return new RunSettings(spec).arguments(o -> given.contains(o.longestName()), env, home, cwd, config);
    }

    @Test
    void eachSourceOverridesTheOneBeforeAndTheCommandLineOverridesAll() throws IOException {
        Files.writeString(home.resolve(".locust.conf"), "host = http://127.0.0.1:1\nusers = 1\nspawn-rate = 1\nrun-time = 1m\ncsv = home\n");
        Files.writeString(cwd.resolve("locust.conf"), "users = 2\nspawn-rate = 2\nrun-time = 2m\ncsv = cwd\n");
        Files.writeString(cwd.resolve("barrage.conf"), "spawn-rate: 3\nrun-time 3m\ncsv = barrage\n");
        Path config = Files.writeString(cwd.resolve("ci.conf"), "run-time = 4m\ncsv = ci\n");

        List<String> args = arguments(Map.of("LOCUST_CSV", "env", "LOCUST_HTML", "locust.html", "BARRAGE_HTML", "barrage.html"),
                config, "--users");

        Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            flags.put(args.get(i), args.get(i + 1));
        }
        assertThat(flags).isEqualTo(Map.of("--host", "http://127.0.0.1:1", "--spawn-rate", "3", "--run-time", "4m",
                "--csv", "env", "--html", "barrage.html"));
    }

    @Test
    void readsLocustsFileFormatFlagsAndLists() throws IOException {
        Path config = Files.writeString(cwd.resolve("my.conf"), """
                # a Locust config
                [locust]
                locustfile = Shop.java   ; the scenario
                headless = true
                only-summary = false
                tags = [browse, buy]
                exclude-tags = slow
                threshold = [p95<500ms, fail_ratio<1%]
                master = true
                expect-workers = 5
                """);
        RunSettings settings = new RunSettings(spec);
        List<String> args = settings.arguments(o -> false, Map.of(), home, cwd, config);

        assertThat(args).containsExactly("--locustfile", "Shop.java", "--headless", "--tags", "browse", "--tags", "buy",
                "--exclude-tags", "slow", "--threshold", "p95<500ms", "--threshold", "fail_ratio<1%");
        assertThat(settings.ignored()).containsExactly(
                "my.conf:9: ignored: master (not a barrage run option)",
                "my.conf:10: ignored: expect-workers (not a barrage run option)");
        assertThat(arguments(Map.of("LOCUST_TAGS", "a b", "LOCUST_HEADLESS", "false"), null)).containsExactly("--tags", "a", "--tags", "b");
    }

    @Test
    void aBadFlagValueOrAMissingConfigFileIsSaid() throws IOException {
        Path config = Files.writeString(cwd.resolve("bad.conf"), "headless = maybe\n");
        assertThatThrownBy(() -> arguments(Map.of(), config)).hasMessage("bad.conf:1: 'maybe' is not true or false");
        assertThatThrownBy(() -> arguments(Map.of(), cwd.resolve("none.conf"))).hasMessageContaining("none.conf: no such file");
    }

    @Test
    void barrageRunTakesItsScenarioAndFlagsFromTheConfigFileAndTheCommandLineWins() throws IOException {
        Path quickStart = Path.of("../../examples/QuickStart.java").toAbsolutePath().normalize();
        Path config = Files.writeString(cwd.resolve("run.conf"), "locustfile = " + quickStart + "\nhost = " + target.uri()
                + "\nusers = 5\nspawn-rate = 50\nrun-time = 1s\nheadless = true\nonly-summary = true\n");
        target.resetCounts();

        CliRun run = CliRun.of("run", "--config", config.toString(), "-u", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(target.counts()).containsEntry("POST /login", 2L); // QuickStart logs each user in once
    }

    @Test
    void aBadValueFromAConfigFileIsBadInputNamingWhereItCameFrom() throws IOException {
        Path config = Files.writeString(cwd.resolve("run.conf"), "users = many\n");

        CliRun run = CliRun.of("run", "--config", config.toString(), "-f", "x.java");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--users").contains("many").contains("from the config files and environment");
    }
}
