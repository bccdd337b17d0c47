package dev.barrage.runner.cli;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.runner.TestScenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: real load on 127.0.0.1 against the demo target, checked against its own counts. */
class RunCommandTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    @Test
    void requestCountsInEveryReportEqualTheTargetsOwnCounts() throws IOException {
        target.resetCounts();
        Path scenario = TestScenarios.copy("Counted.java", dir);
        String prefix = dir.resolve("out/counted").toString();

        CliRun run = CliRun.of("run", "-f", scenario.toString(), "-u", "8", "-r", "20", "-t", "3s",
                "-H", target.uri().toString(), "--headless", "--stop-timeout", "10s",
                "--csv", prefix, "--csv-full-history", "--json", dir.resolve("out/counted.json").toString(),
                "--html", dir.resolve("out/counted.html").toString());

        // /flaky fails on purpose, so the run exits with --exit-code-on-error's default
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        Map<String, Long> server = target.counts();
        Map<String, Long> statuses = target.statusCounts();
        Map<String, String> routeOf = Map.of(
                "POST /login", "POST /login",
                "GET /fast", "GET /fast",
                "GET /items/[id]", "GET /items/{id}",
                "GET /flaky", "GET /flaky",
                "GET /slow", "GET /slow");

        List<Map<String, String>> csv = readCsv(Path.of(prefix + "_stats.csv"));
        Map<String, Map<String, String>> byEndpoint = new HashMap<>();
        csv.forEach(row -> byEndpoint.put(row.get("Type") + " " + row.get("Name"), row));
        assertThat(byEndpoint.keySet()).containsExactlyInAnyOrder(
                "POST /login", "GET /fast", "GET /items/[id]", "GET /flaky", "GET /slow", " Aggregated");
        long total = 0;
        for (Map.Entry<String, String> e : routeOf.entrySet()) {
            long requests = Long.parseLong(byEndpoint.get(e.getKey()).get("Request Count"));
            assertThat(requests).as(e.getKey() + " runner " + csv + " server " + server + " " + statuses + "\n" + run.out()).isEqualTo(server.get(e.getValue())).isPositive();
            total += requests;
        }
        assertThat(server.get("POST /login")).isEqualTo(8); // one login per user, in onStart
        assertThat(Long.parseLong(byEndpoint.get(" Aggregated").get("Request Count"))).isEqualTo(total);
        assertThat(Long.parseLong(byEndpoint.get("GET /flaky").get("Failure Count")))
                .isEqualTo(statuses.get("GET /flaky 500")).isPositive();
        assertThat(Long.parseLong(byEndpoint.get(" Aggregated").get("Failure Count")))
                .isEqualTo(statuses.get("GET /flaky 500"));

        List<Map<String, String>> failures = readCsv(Path.of(prefix + "_failures.csv"));
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.get("Name")).isEqualTo("/flaky");
            assertThat(f.get("Error")).isEqualTo("HTTP 500 Internal Server Error");
            assertThat(Long.parseLong(f.get("Occurrences"))).isEqualTo(statuses.get("GET /flaky 500"));
        });

        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/counted.json").toFile());
        assertThat(json.at("/aggregated/requests").asLong()).isEqualTo(total);
        assertThat(json.at("/aggregated/failures").asLong()).isEqualTo(statuses.get("GET /flaky 500"));
        assertThat(json.at("/endpoints").size()).isEqualTo(5);

        String html = Files.readString(dir.resolve("out/counted.html"));
        assertThat(html).contains("<svg", "/items/[id]", "Response time percentiles", "HTTP 500 Internal Server Error")
                .doesNotContain("<script", "http://cdn", "https://");
        // a 3 s run: ticks a second apart along the time axis of each of the three charts, not only its two ends
        assertThat(html.split(">1 s</text>", -1)).hasSize(4);

        List<Map<String, String>> history = readCsv(Path.of(prefix + "_stats_history.csv"));
        assertThat(history).anyMatch(r -> r.get("Name").equals("Aggregated"));
        assertThat(history).anyMatch(r -> r.get("Name").equals("/fast")); // --csv-full-history
        Map<String, String> last = history.getLast();
        assertThat(last.get("Name")).isEqualTo("Aggregated");
        assertThat(Long.parseLong(last.get("Total Request Count"))).isEqualTo(total);

        assertThat(run.out()).contains("Response time percentiles (approximated)", "Error report", "Aggregated");
    }

    @Test
    void csvHeadersAreLocustsHeaderLinesExactly() throws IOException {
        Path scenario = TestScenarios.copy("Throwing.java", dir);
        String prefix = dir.resolve("headers").toString();

        CliRun run = CliRun.of("run", "-f", scenario.toString(), "-u", "2", "-r", "10", "-t", "2s",
                "-H", target.uri().toString(), "--headless", "--only-summary", "--csv", prefix);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        for (String file : List.of("stats", "stats_history", "failures", "exceptions")) {
            String expected = resource("/locust-csv-headers/" + file + ".csv");
            String actual = Files.readString(Path.of(prefix + "_" + file + ".csv"), StandardCharsets.UTF_8);
            assertThat(actual).as(file).startsWith(expected);
        }
    }

    @Test
    void anExceptionInATaskIsCountedAndTheRunGoesOn() throws IOException {
        Path scenario = TestScenarios.copy("Throwing.java", dir);
        String prefix = dir.resolve("throwing").toString();

        CliRun run = CliRun.of("run", "-f", scenario.toString(), "-u", "2", "-r", "10", "-t", "2s",
                "-H", target.uri().toString(), "--headless", "--only-summary", "--csv", prefix,
                "--exit-code-on-error", "7");

        assertThat(run.exitCode()).isEqualTo(7);
        List<Map<String, String>> exceptions = readCsv(Path.of(prefix + "_exceptions.csv"));
        assertThat(exceptions).singleElement().satisfies(e -> {
            assertThat(e.get("Message")).isEqualTo("java.lang.IllegalStateException: scenario bug: no cart id");
            assertThat(e.get("Traceback")).contains("Throwing.sometimesBroken(Throwing.java:17)");
            assertThat(Long.parseLong(e.get("Count"))).isPositive();
        });
        // the run went on after the exceptions: every user kept sending requests
        List<Map<String, String>> stats = readCsv(Path.of(prefix + "_stats.csv"));
        assertThat(Long.parseLong(stats.getFirst().get("Request Count")))
                .isGreaterThan(Long.parseLong(exceptions.getFirst().get("Count")));
        assertThat(run.out()).contains("Exceptions in scenario code", "scenario bug: no cart id");
    }

    @Test
    void aCompileErrorNamesFileLineAndColumnAndWritesNothing() {
        Path scenario = TestScenarios.copy("Broken.java", dir);

        CliRun run = CliRun.of("run", "-f", scenario.toString(), "-u", "1", "-t", "1s", "-H", target.uri().toString(),
                "--csv", dir.resolve("broken").toString(), "--html", dir.resolve("broken.html").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Broken.java:7:28: cannot find symbol", "sendd()", "1 error compiling Broken.java");
        assertThat(dir.resolve("broken_stats.csv")).doesNotExist();
        assertThat(dir.resolve("broken.html")).doesNotExist();
    }

    @Test
    void aMissingFileIsNamed() {
        CliRun run = CliRun.of("run", "-f", dir.resolve("Nope.java").toString(), "-H", target.uri().toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("scenario file not found", "Nope.java");
    }

    @Test
    void aScenarioWithoutUserClassesIsRefused() {
        Path scenario = TestScenarios.copy("NoUsers.java", dir);
        CliRun run = CliRun.of("run", "-f", scenario.toString(), "-H", target.uri().toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no user class in NoUsers.java", "extends HttpUser");
    }

    @Test
    void anUnknownFlagIsNamed() {
        CliRun run = CliRun.of("run", "-f", "x.java", "--users-per-second", "3");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option", "--users-per-second");
        CliRun misspelt = CliRun.of("run", "-f", "x.java", "--spawn-rat", "3");
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err().strip()).as("the reason, with the flag meant, on the last line")
                .doesNotContain("\n").contains("'--spawn-rat'", "did you mean --spawn-rate");
    }

    @Test
    void everyMessageStartsWithTheCommandTyped() {
        CliRun unknown = CliRun.of("run", "-f", "x.java", "--users-per-second", "3");
        assertThat(unknown.err()).startsWith("barrage run: Unknown options: '--users-per-second', '3'; did you mean --users?")
                .endsWith("('barrage run --help' lists the options)" + System.lineSeparator());
        CliRun bad = CliRun.of("run", "-f", "x.java", "-u", "0", "-H", "http://127.0.0.1:1");
        assertThat(bad.err()).startsWith("barrage run: ");
        // barrage cloud run checks its flags before it asks anything of a control plane
        CliRun cloud = CliRun.of("cloud", "run", "-f", "x.java", "-H", "http://127.0.0.1:1", "-u", "-5", "-t", "2s");
        assertThat(cloud.exitCode()).isEqualTo(2);
        assertThat(cloud.err().strip()).isEqualTo("barrage cloud run: -u/--users must be 1 or more, got -5");
        CliRun cloudUnknown = CliRun.of("cloud", "compare", "--baselin", "x", "a", "b");
        assertThat(cloudUnknown.exitCode()).isEqualTo(2);
        assertThat(cloudUnknown.err()).startsWith("barrage cloud compare: Unknown option: '--baselin'")
                .contains("did you mean --baseline");
        CliRun top = CliRun.of("runn");
        assertThat(top.err()).startsWith("barrage: Unmatched argument at index 0: 'runn'").contains("did you mean run");
    }

    @Test
    void aBadDurationSaysWhatIsExpected() {
        CliRun run = CliRun.of("run", "-f", "x.java", "-t", "5x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'5x' is not a time span", "30s, 5m, 1h30m");
    }

    @Test
    void badNumbersAndHostsAreRefusedBeforeAnythingRuns() {
        Path scenario = TestScenarios.copy("Counted.java", dir);
        assertThat(CliRun.of("run", "-f", scenario.toString(), "-u", "0", "-H", target.uri().toString()).err())
                .contains("-u/--users must be 1 or more, got 0");
        assertThat(CliRun.of("run", "-f", scenario.toString(), "-r", "-2", "-H", target.uri().toString()).err())
                .contains("-r/--spawn-rate must be a positive number");
        CliRun noHost = CliRun.of("run", "-f", scenario.toString(), "-t", "1s", "--headless");
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err()).contains("no host to test: pass -H/--host");
        assertThat(CliRun.of("run", "-f", scenario.toString(), "-H", "ftp://127.0.0.1").err())
                .contains("-H/--host must be an http:// or https:// URL");
    }

    @Test
    void aHostThatDoesNotResolveOrAcceptsNoConnectionIsRefusedBeforeTheRunUnlessSkipped() throws IOException {
        Path scenario = TestScenarios.copy("Counted.java", dir);
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String closedHost = "http://127.0.0.1:" + closed;

        CliRun refused = CliRun.of("run", "-f", scenario.toString(), "-t", "30s", "-H", closedHost, "--headless");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
        assertThat(lastLine(refused.err())).contains("nothing accepts connections at 127.0.0.1:" + closed,
                "connection refused", "--skip-preflight");
        assertThat(refused.out()).as("nothing ran").doesNotContain("Aggregated");

        CliRun unknown = CliRun.of("run", "-f", scenario.toString(), "-t", "30s", "-H", "http://no-such-host.invalid:8080",
                "--headless");
        assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(2);
        assertThat(lastLine(unknown.err())).contains("'no-such-host.invalid'", "does not resolve");

        CliRun skipped = CliRun.of("run", "-f", scenario.toString(), "-t", "1s", "--only-summary", "--skip-preflight",
                "-H", closedHost, "--headless");
        assertThat(skipped.exitCode()).as(skipped.err()).isEqualTo(1);
        assertThat(lastLine(skipped.err())).startsWith("exit 1: ").contains("requests failed");
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void helpDocumentsLocustsFlags() {
        CliRun run = CliRun.of("run", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-f, --file", "-u, --users", "-r, --spawn-rate", "-t, --run-time", "-H, --host",
                "--headless", "--csv=PREFIX", "--csv-full-history", "--html=FILE", "--json=FILE", "--only-summary",
                "--stop-timeout", "--loglevel", "--exit-code-on-error");
    }

    private static String resource(String name) throws IOException {
        try (var in = RunCommandTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A small CSV reader (RFC 4180 quoting), independent of the writer under test. */
    static List<Map<String, String>> readCsv(Path file) throws IOException {
        String text = Files.readString(file);
        List<List<String>> rows = new java.util.ArrayList<>();
        List<String> row = new java.util.ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new java.util.ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        List<String> header = rows.getFirst();
        List<Map<String, String>> out = new java.util.ArrayList<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), r.get(i));
            }
            out.add(m);
        }
        return out;
    }
}
