package dev.barrage.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.runner.DemoTargetExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings on real runs against demo target endpoints whose behaviour is known in advance: one that serves 6 requests
 * at a time of 100 ms each (saturating at 6 users and 60 req/s), one that starts failing 5 s after its first request,
 * one whose response time grows 10 ms every second. Each run is at most 18 s, on 127.0.0.1.
 */
class FindingsTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    static String scenario(String name, String path) {
        return """
                import dev.barrage.scenario.*;
                import java.time.Duration;
                public class %s extends HttpUser {
                    @Override protected WaitTime waitTime() { return constant(Duration.ZERO); }
                    @Task void call() { client.get("%s").send(); }
                }
                """.formatted(name, path);
    }

    JsonNode run(String name, String path, String... load) throws IOException {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, scenario(name, path));
        List<String> args = new ArrayList<>(List.of("run", "-f", file.toString(), "-H", target.uri().toString(),
                "--headless", "--only-summary", "--json", dir.resolve(name + ".json").toString(),
                "--html", dir.resolve(name + ".html").toString()));
        args.addAll(List.of(load));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
        assertThat(run.out()).contains("Findings:");
        return new ObjectMapper().readTree(dir.resolve(name + ".json").toFile());
    }

    static List<JsonNode> of(JsonNode report, String kind) {
        List<JsonNode> found = new ArrayList<>();
        report.path("findings").forEach(f -> {
            if (f.path("kind").asText().equals(kind)) {
                found.add(f);
            }
        });
        return found;
    }

    @Test
    void aRampPastTheTargetsCapacityFindsTheKnee() throws IOException {
        // 6 slots × 100 ms: at most 60 req/s. Each user alone does one request per 100 ms plus its own few ms of
        // client and network time, so the slots fill at 6 users (a little over 6 with that overhead: 6 × 104 / 100).
        // Users start one a second, 16 by 15 s, so the 6th starts at 5 s.
        JsonNode report = run("Saturate", "/capacity?slots=6&ms=100", "-u", "16", "-r", "1", "-t", "18s");
        List<JsonNode> knees = of(report, "knee");
        assertThat(knees).as(report.path("findings").toString()).hasSize(1);
        JsonNode knee = knees.getFirst();
        assertThat(knee.path("users").asInt()).as("users at the knee: 6, up to 2 more for the client's own time")
                .isBetween(5, 8);
        assertThat(knee.path("rps").asDouble()).as("req/s at the knee: 60 ± 10 %").isCloseTo(60, within(6.0));
        assertThat(knee.path("atSecond").asDouble()).as("when the 6th to 8th user had started (5 to 7 s), ± 1 s")
                .isBetween(4.0, 8.5);
        // the time is when the users first reached the knee's count in the report's own series
        long reached = -1;
        for (JsonNode row : report.path("history")) {
            if (row.path("key").isNull() && row.path("users").asDouble() >= knee.path("before").asDouble()) {
                reached = row.path("epochMillis").asLong();
                break;
            }
        }
        assertThat(knee.path("atEpochMillis").asLong() - reached).as("ms from the users reaching the knee")
                .isBetween(0L, 1100L);
        assertThat(knee.path("after").asInt()).as("the users went on to 16").isEqualTo(16);
        assertThat(of(report, "failureJump")).isEmpty();
        assertThat(Files.readString(dir.resolve("Saturate.html"))).contains("<h2>Findings</h2>", "Throughput knee",
                "Throughput stopped rising at " + knee.path("users").asInt() + " users");
    }

    @Test
    void failuresStartingAtAKnownTimeAreFoundThere() throws IOException {
        target.resetCounts();
        JsonNode report = run("Degrade", "/degrade?failAfterMs=5000", "-u", "4", "-r", "10", "-t", "10s");
        long failingFrom = target.target().degradeStartMillis() + 5000;
        List<JsonNode> jumps = of(report, "failureJump");
        assertThat(jumps).as(report.path("findings").toString()).hasSize(1);
        JsonNode jump = jumps.getFirst();
        // the finding names the start of the second in which failures began: the jump is in [at, at + 1 s]
        assertThat(failingFrom - jump.path("atEpochMillis").asLong()).as("ms from the finding to the first failure")
                .isBetween(-100L, 1100L);
        assertThat(jump.path("before").asDouble()).as("failure ratio before").isLessThan(0.01);
        assertThat(jump.path("after").asDouble()).as("failure ratio after").isGreaterThan(0.95);
        assertThat(jump.path("users").asInt()).isEqualTo(4);
        assertThat(of(report, "knee")).isEmpty();
        assertThat(of(report, "responseTimeTrend")).isEmpty();
    }

    @Test
    void responseTimesGrowingOnAPlateauAreATrend() throws IOException {
        target.resetCounts();
        // 10 ms + 10 ms for every second since the first request, 4 users throughout
        JsonNode report = run("Drift", "/drift?baseMs=10&growMsPerS=10", "-u", "4", "-r", "10", "-t", "14s");
        List<JsonNode> trends = of(report, "responseTimeTrend");
        assertThat(trends).as(report.path("findings").toString()).hasSize(1);
        JsonNode trend = trends.getFirst();
        assertThat(trend.path("rate").asDouble()).as("ms per second (10 ± 2)").isCloseTo(10, within(2.0));
        assertThat(trend.path("users").asInt()).isEqualTo(4);
        assertThat(trend.path("after").asDouble() - trend.path("before").asDouble())
                .as("growth over the plateau: 10 ms/s × its length")
                .isCloseTo(10 * (trend.path("endSecond").asDouble() - trend.path("atSecond").asDouble()), within(25.0));
        assertThat(of(report, "knee")).isEmpty();
        assertThat(of(report, "failureJump")).isEmpty();
    }
}
