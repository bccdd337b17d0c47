package dev.barrage.runner.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.runner.DemoTargetExtension;
import dev.barrage.runner.cli.BarrageCommandAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every locustfile of the corpus (src/test/resources/locustfiles, origins in its README) converts, compiles and runs
 * for a short while against the demo target; where the Python's weights decide the request mix, the target's own
 * counts match it within a binomial tolerance.
 */
class LocustfileCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/locustfiles").toAbsolutePath();
    /** Files that convert and compile but are not run (README.md says why). */
    static final List<String> NOT_RUN = List.of("response_validations.py");

    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    static Stream<String> locustfiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("locustfiles")
    void convertsCompilesAndRunsWithTheWeightsOfThePython(String locustfile) throws IOException {
        // barrage convert compiles what it wrote (exit 1 when that fails)
        Cli convert = Cli.run("convert", CORPUS.resolve(locustfile).toString(), "-o", dir.toString());
        assertThat(convert.code()).as(convert.err()).isZero();
        Path scenario;
        try (Stream<Path> written = Files.list(dir)) {
            scenario = written.filter(p -> p.toString().endsWith(".java")).findFirst().orElseThrow();
        }
        if (NOT_RUN.contains(locustfile)) {
            return;
        }

        target.resetCounts();
        Cli run = Cli.run("run", "-f", scenario.toString(), "-H", target.uri().toString(), "-u", "100", "-r", "200",
                "-t", "2s", "--headless", "--only-summary");
        assertThat(run.code()).as(run.err()).isIn(0, 1); // 1: the target answers 404 to paths it does not serve
        Map<String, Long> counts = target.counts();
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).as(counts.toString()).isPositive();

        Map<String, Double> shares = expectedShares().get(locustfile);
        if (shares == null) {
            return;
        }
        long n = shares.keySet().stream().mapToLong(e -> counts.getOrDefault(e, 0L)).sum();
        assertThat(n).as("requests to %s in %s", shares.keySet(), counts).isGreaterThanOrEqualTo(30);
        for (var e : shares.entrySet()) {
            double p = e.getValue();
            long k = counts.getOrDefault(e.getKey(), 0L);
            double tolerance = 4.5 * Math.sqrt(n * p * (1 - p)) + 1;
            assertThat((double) k).as("%s: %d of %d requests, expected share %.3f (%s)", e.getKey(), k, n, p, counts)
                    .isCloseTo(n * p, org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    /** expected-shares.txt: {@code file.py: GET /a=1/3, GET /b=2/3}. */
    static Map<String, Map<String, Double>> expectedShares() throws IOException {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("expected-shares.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            Map<String, Double> shares = new LinkedHashMap<>();
            for (String item : line.substring(colon + 2).split(", ")) {
                String[] kv = item.split("=");
                String[] fraction = kv[1].split("/");
                shares.put(kv[0], Double.parseDouble(fraction[0]) / (fraction.length > 1 ? Double.parseDouble(fraction[1]) : 1));
            }
            out.put(line.substring(0, colon), shares);
        }
        return out;
    }

    record Cli(int code, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = BarrageCommandAccess.execute(List.of(args), new PrintWriter(out, true), new PrintWriter(err, true));
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
