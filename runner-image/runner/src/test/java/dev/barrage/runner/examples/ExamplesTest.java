package dev.barrage.runner.examples;

import dev.barrage.runner.DemoTargetExtension;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP example in examples/ runs for a few seconds against the demo target, and what it reports matches what
 * the target received.
 */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("../../examples").toAbsolutePath().normalize();
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    @TempDir
    Path dir;

    /** Runs an example with the real command line; returns the exit code and the JSON report. */
    static Result run(Path dir, String example, String... more) throws IOException {
        Path json = dir.resolve(example + ".json");
        List<String> args = new ArrayList<>(List.of("run", "-f", EXAMPLES.resolve(example).toString(),
                "--headless", "--only-summary", "--json", json.toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.barrage.runner.cli.BarrageCommandAccess.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        JsonNode report = Files.exists(json) ? new ObjectMapper().readTree(json.toFile()) : null;
        return new Result(code, out.toString(), err.toString(), report);
    }

    record Result(int exitCode, String out, String err, JsonNode report) {
        Map<String, Long> requestsByEndpoint() {
            Map<String, Long> out = new TreeMap<>();
            report.get("endpoints").forEach(e -> out.put(e.get("type").asText() + " " + e.get("name").asText(),
                    e.get("requests").asLong()));
            return out;
        }
    }

    private Result runHttp(String example, String... more) throws IOException {
        target.resetCounts();
        List<String> args = new ArrayList<>(List.of("-H", target.uri().toString(), "-s", "10s"));
        args.addAll(List.of(more));
        return run(dir, example, args.toArray(String[]::new));
    }

    @Test
    void quickStartLogsInOncePerUserAndGroupsItemUrls() throws IOException {
        Result r = runHttp("QuickStart.java", "-u", "4", "-r", "20", "-t", "3s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Long> server = target.counts();
        assertThat(server.get("POST /login")).isEqualTo(4);
        assertThat(r.requestsByEndpoint()).containsEntry("POST /login", 4L);
        // no row at all when no user happened to pick viewItems in 3 s (about one run in 40)
        assertThat(r.requestsByEndpoint().getOrDefault("GET /items/[id]", 0L))
                .isEqualTo(server.getOrDefault("GET /items/{id}", 0L));
        assertThat(r.report().at("/aggregated/requests").asLong())
                .isEqualTo(server.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void theShopExampleFromTheReadmeRuns() throws IOException {
        Result r = runHttp("Shop.java", "-u", "6", "-r", "20", "-t", "2s");

        assertThat(r.exitCode()).as(r.err()).isZero(); // a newcomer's first run passes
        assertThat(r.report().at("/aggregated/requests").asLong())
                .isEqualTo(target.counts().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void graphQlErrorsAreTheFailuresOfTheGraphQlExample() throws IOException {
        // the failing task is 1 in 10: ~80 iterations make "no failure at all" a 1-in-4,000 event
        Result r = runHttp("GraphQlShop.java", "-u", "10", "-r", "50", "-t", "4s");

        long errors = target.statusCounts().getOrDefault("POST /graphql errors 200", 0L);
        assertThat(r.requestsByEndpoint()).containsOnlyKeys("GraphQL GetItem");
        assertThat(r.report().at("/aggregated/requests").asLong()).isEqualTo(target.counts().get("POST /graphql"));
        // the example asks for a missing item on purpose: those GraphQL errors, and only those, are its failures
        assertThat(errors).isPositive();
        assertThat(r.report().at("/aggregated/failures").asLong()).isEqualTo(errors);
        assertThat(r.report().at("/failures/0/error").asText()).isEqualTo("no item 5000");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void asyncPollingRecordsEachJobOnceFromStartToDone() throws IOException {
        Result r = runHttp("AsyncPolling.java", "-u", "4", "-r", "20", "-t", "3s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Long> byEndpoint = r.requestsByEndpoint();
        // the hard stop cuts background work: a start request in flight at that instant reached the target but has
        // no answer to record: a job's first request, so only jobs started in the last milliseconds (4 users start one
        // every 0.5-1 s each)
        long served = target.counts().get("POST /jobs");
        assertThat(byEndpoint.get("POST /jobs")).isBetween(served - 4, served);
        assertThat(byEndpoint.get("job report ready")).isPositive().isLessThanOrEqualTo(byEndpoint.get("POST /jobs"));
        // a job takes at least 200 ms on the server
        r.report().get("endpoints").forEach(e -> {
            if (e.get("type").asText().equals("job")) {
                assertThat(e.get("minMillis").asDouble()).isGreaterThanOrEqualTo(200.0);
            }
        });
    }

    @Test
    void taskSetsRunOnlyTheTaggedOnes() throws IOException {
        // checkout is 1 in 6 of the user's choices: 10 users for 5 s pick it with near certainty
        Result all = runHttp("TaskSets.java", "-u", "10", "-r", "50", "-t", "5s");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(target.counts()).containsKeys("GET /", "GET /items/{id}", "POST /login", "POST /cart");
        // the checkout sequence adds to the cart twice per login (users stopped mid-sequence: up to 2 short each)
        assertThat(target.counts().get("POST /cart")).isBetween(2 * target.counts().get("POST /login") - 20,
                2 * target.counts().get("POST /login"));

        Result browse = runHttp("TaskSets.java", "-u", "4", "-r", "20", "-t", "2s", "--tags", "browse");
        assertThat(browse.exitCode()).isZero();
        assertThat(target.counts()).containsOnlyKeys("GET /", "GET /items/{id}");
    }

    @Test
    void theOpenModelExamplePassesItsThresholdsAgainstTheDemoTarget() throws IOException {
        Result r = runHttp("OpenModel.java", "-t", "3s");

        assertThat(r.exitCode()).as(r.out()).isZero();
        JsonNode iterations = r.report().get("iterations");
        assertThat(iterations.get("dropped").asLong()).isZero();
        // 10 per second rising towards 50 over a minute: about 31 in the first 3 s
        assertThat(iterations.get("started").asLong()).isBetween(30L, 33L);
        assertThat(r.report().get("thresholds")).hasSize(3);
    }

    @Test
    void theShapeExampleFollowsItsFirstStage() throws IOException {
        Result r = runHttp("RampShape.java", "-t", "3s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        int users = r.report().at("/run/users").asInt();
        assertThat(users).isZero(); // the last report is cut after the users stopped
        // first stage: towards 10 users at 2 per second (one at 0 s, then one every half second); each sample of the
        // history is checked against its own time, since a sample can fall just before or after a spawn
        long start = r.report().at("/run/startEpochMillis").asLong();
        int highest = 0;
        for (JsonNode row : r.report().get("history")) {
            double seconds = (row.get("epochMillis").asLong() - start) / 1000.0;
            int expected = Math.min(10, (int) Math.floor(seconds * 2) + 1);
            int seen = row.get("users").asInt();
            if (seen == 0 && seconds > 2.5) {
                continue; // the users stopped at the 3 s limit
            }
            assertThat(seen).as("users at %.2f s", seconds).isBetween(expected - 1, expected + 1);
            highest = Math.max(highest, seen);
        }
        assertThat(highest).as("the ramp went past its first users").isGreaterThanOrEqualTo(4);
    }

    @Test
    void testDataAndHooksExample() throws IOException {
        Result r = runHttp("TestData.java", "-u", "4", "-r", "20", "-t", "2s", "-e", "ITEM=7");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(target.counts().get("POST /login")).isEqualTo(4);
        assertThat(target.statusCounts().get("POST /cart 201")).isEqualTo(target.counts().get("POST /cart"));
    }

    @Test
    void tokenAuthSharesOneShortLivedTokenAndReportsItsFetchesOnTheirOwnLine() throws IOException {
        long issuedBefore = target.issuedAccessTokens();
        Path csv = dir.resolve("auth");
        Result r = runHttp("TokenAuth.java", "-u", "50", "-r", "100", "-t", "10s", "--csv", csv.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Map<String, Long> statuses = target.statusCounts();
        long issued = target.issuedAccessTokens() - issuedBefore;
        assertThat(statuses).doesNotContainKey("GET /auth/protected 401");
        Map<String, Long> byEndpoint = r.requestsByEndpoint();
        assertThat(byEndpoint).containsEntry("GET /auth/protected", target.counts().get("GET /auth/protected"))
                .containsEntry("AUTH token", issued)
                .containsEntry("GET /fast", target.counts().get("GET /fast"));
        // a 2 s token replaced 0.5 s before it expires: one fetch per 1.5 s of a 10 s run, not one per user
        assertThat(issued).isBetween(6L, 8L);
        String stats = Files.readString(dir.resolve("auth_stats.csv"));
        assertThat(stats).contains("AUTH,token," + issued + ",0,");
    }

    @Test
    void theStorefrontFolderRunsAsOneScenarioAndEachBuyerRowLogsInOnce() throws IOException {
        Result r = runHttp("Storefront", "-u", "6", "-r", "20", "-t", "2s");

        assertThat(r.exitCode()).as(r.err()).isZero();
        // both user classes of the folder ran, through the helper class they share
        assertThat(r.requestsByEndpoint()).containsKeys("GET /", "GET /items/[id]", "POST /login", "POST /cart");
        assertThat(r.report().at("/run/scenario").asText()).isEqualTo("Storefront/");
        // the four buyers took one row of buyers.csv each: the target saw each account log in once, and only those
        assertThat(target.counts().get("POST /login")).isEqualTo(4);
        List<String> rows = Files.readAllLines(EXAMPLES.resolve("Storefront/buyers.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).toList();
        assertThat(target.sessions().keySet()).containsExactlyInAnyOrderElementsOf(rows);
        long perSession = target.sessions().values().stream().mapToLong(s -> s[2]).sum();
        assertThat(perSession).as("every buyer request carried its account")
                .isEqualTo(target.counts().get("POST /login") + target.counts().get("POST /cart"));
        assertThat(r.report().at("/aggregated/requests").asLong())
                .isEqualTo(target.counts().values().stream().mapToLong(Long::longValue).sum());
    }
}
