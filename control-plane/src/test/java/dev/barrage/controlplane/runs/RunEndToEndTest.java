package dev.barrage.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.InfraServices;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.protocol.EndpointInterval;
import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.protocol.messages.ProtocolMessage;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path for real: a signed-in person uploads a scenario and starts a run with two local runner processes
 * against the demo target; runners report over Kafka; the run ends on its own; the report's counts equal the target's
 * own counts and its percentiles equal those of the runners' raw histograms, merged here independently.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraServices.class, restrictToAnnotatedClass = false)
public class RunEndToEndTest {
    public static final String SCENARIO = """
            import dev.barrage.scenario.HttpUser;
            import dev.barrage.scenario.Task;
            import dev.barrage.scenario.WaitTime;
            import java.time.Duration;
            import java.util.Map;

            public class Checkout extends HttpUser {
                @Override
                protected WaitTime waitTime() {
                    return constant(Duration.ofMillis(20));
                }

                @Override
                public void onStart() {
                    client.post("/login").json(Map.of("username", "e2e")).send();
                }

                @Task(3)
                void browse() {
                    client.get("/items/" + (System.nanoTime() % 500)).name("/items/[id]").send();
                }

                @Task
                void flaky() {
                    client.get("/flaky?rate=0.25").name("/flaky").send();
                }
            }
            """;

    static DemoTarget target;


    @BeforeAll
    static void startTarget() throws Exception {
        target = DemoTarget.start(0);
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void aRunWithTwoRunnersCountsExactlyWhatTheTargetReceived() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Checkout.java", SCENARIO);
        RawReports raw = new RawReports();
        raw.start();
        target.resetCounts();

        String runId = Api.as(Keycloak.DEMO)
                .body(Map.of("scenarioVersionId", version, "host", target.uri().toString(), "users", 6,
                        "spawnRate", 20, "duration", "8s", "stopTimeout", "10s", "runners", 2,
                        "tags", List.of("e2e", "smoke"), "git", Map.of("repository", "acme/shop", "branch", "main",
                                "commit", "abc123", "pullRequest", 7)))
                .post("/api/projects/" + project + "/runs")
                .then().statusCode(201).extract().path("id");
        raw.runId = runId;
        Api.LiveFollow followed = Api.followLiveThenRead(Keycloak.DEMO, runId);
        List<JsonNode> live = followed.events();

        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(120));
        raw.stop(run);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
        assertThat(run.get("runnerStates")).hasSize(2).allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("stopped"));

        JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
        Map<String, Long> server = target.counts();
        Map<String, Long> reported = new HashMap<>();
        report.get("endpoints").forEach(e -> reported.put(e.get("type").asText() + " " + e.get("name").asText(),
                e.get("requests").asLong()));
        assertThat(reported).containsEntry("POST /login", 6L)
                .containsEntry("POST /login", server.get("POST /login"))
                .containsEntry("GET /items/[id]", server.get("GET /items/{id}"))
                .containsEntry("GET /flaky", server.get("GET /flaky"));
        long failures = report.at("/aggregated/failures").asLong();
        assertThat(failures).isEqualTo(target.statusCounts().get("GET /flaky 500")).isPositive();
        assertThat(report.at("/aggregated/requests").asLong())
                .isEqualTo(server.values().stream().mapToLong(Long::longValue).sum());

        // requests per second count the time the load ran (startedAt to endedAt), not the local runners' start-up
        // (seconds of JVM start and compilation between the run's creation and its first request)
        double ranSeconds = Duration.between(java.time.OffsetDateTime.parse(run.get("startedAt").asText()),
                java.time.OffsetDateTime.parse(run.get("endedAt").asText())).toMillis() / 1000.0;
        double loadRps = report.at("/aggregated/requests").asLong() / ranSeconds;
        assertThat(report.at("/aggregated/rps").asDouble()).as("report RPS, ran %.2f s", ranSeconds)
                .isCloseTo(loadRps, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat((report.at("/run/endEpochMillis").asLong() - report.at("/run/startEpochMillis").asLong()) / 1000.0)
                .as("the report's span").isCloseTo(ranSeconds, org.assertj.core.data.Percentage.withPercentage(2));

        // HTTP phases, merged from both runners' reports over Kafka: every request timed; each user's first request
        // (its login) opened its keep-alive connection and every later one went over it
        for (JsonNode e : report.get("endpoints")) {
            assertThat(e.at("/timings/requests").asLong()).as("timed " + e.get("name")).isEqualTo(e.get("requests").asLong());
            boolean login = e.get("name").asText().equals("/login");
            assertThat(e.at("/timings/newConnections").asLong()).as("new connections of " + e.get("name")).isEqualTo(login ? 6 : 0);
            assertThat(e.at("/timings/reusedConnections").asLong()).isEqualTo(login ? 0 : e.get("requests").asLong());
            assertThat(e.at("/timings/phases/ttfb/medianMillis").asDouble()).isPositive() // (to the histograms' 0.1 %)
                    .isLessThanOrEqualTo(e.get("percentilesMillis").get("50%").asDouble() * 1.001 + 0.001);
        }

        // percentiles: the runners' raw interval histograms, merged here with HdrHistogram alone
        Map<String, Histogram> merged = raw.merged();
        for (JsonNode e : report.get("endpoints")) {
            Histogram h = merged.get(e.get("type").asText() + " " + e.get("name").asText());
            assertThat(h.getTotalCount()).isEqualTo(e.get("requests").asLong());
            for (String p : List.of("50%", "95%", "99%")) {
                double fraction = Double.parseDouble(p.replace("%", "")) / 100;
                long expected = Math.max(raw.min(e), Math.min(raw.max(e), h.getValueAtPercentile(fraction * 100)));
                assertThat(Math.round(e.get("percentilesMillis").get(p).asDouble() * 1000)).as(p + " of " + e.get("name"))
                        .isEqualTo(expected);
            }
        }

        // the run's events: started, then finished with the report's numbers
        assertThat(raw.events).extracting(e -> e.get("type").asText()).containsExactly("run.started", "run.finished");
        JsonNode finished = raw.events.getLast();
        assertThat(finished.at("/summary/requests").asLong()).isEqualTo(report.at("/aggregated/requests").asLong());
        assertThat(finished.at("/summary/failures").asLong()).isEqualTo(failures);
        assertThat(finished.at("/git/pullRequest").asInt()).isEqualTo(7);

        // the live stream showed the numbers moving, then the end
        assertThat(live).isNotEmpty();
        assertThat(live.stream().map(u -> u.at("/aggregated/requests").asLong()).distinct().count()).isGreaterThan(2);
        assertThat(live.getLast().get("status").asText()).as("the stream's last event").isEqualTo("finished");
        // a client that reads the run when its stream ends finds it ended, with its report (the end is stored first)
        JsonNode atEnd = followed.runWhenTheStreamEnded().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(atEnd.get("status").asText()).as(atEnd.toString()).isEqualTo("finished");
        assertThat(atEnd.get("endedAt").isNull()).as(atEnd.toString()).isFalse();
        assertThat(live.getLast().get("elapsedSeconds").asDouble()).as("elapsed, counted from the load's start")
                .isCloseTo(ranSeconds, org.assertj.core.data.Percentage.withPercentage(2));

        // the Locust-layout CSV has the same numbers
        String csv = Api.as(Keycloak.DEMO).accept("text/csv").get("/api/runs/" + runId + "/report?format=csv&file=stats").asString();
        assertThat(csv).startsWith("Type,Name,Request Count,Failure Count,");
        assertThat(csv).contains("POST,/login,6,0,");
        assertThat(csv.lines().filter(l -> l.startsWith(",Aggregated,"))
                .findFirst().orElseThrow()).startsWith(",Aggregated," + report.at("/aggregated/requests").asLong() + "," + failures + ",");
        List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
        String[] aggregatedRow = csv.lines().filter(l -> l.startsWith(",Aggregated,")).findFirst().orElseThrow().split(",");
        assertThat(Double.parseDouble(aggregatedRow[header.indexOf("Requests/s")])).as("the CSV's Requests/s")
                .isCloseTo(loadRps, org.assertj.core.data.Percentage.withPercentage(2));
        String html = Api.as(Keycloak.DEMO).accept("text/html").get("/api/runs/" + runId + "/report?format=html").asString();
        assertThat(html).contains("<svg", "/items/[id]", "Request phases (ms): median / 95%");

        // listed with its tags and branch
        assertThat(Api.as(Keycloak.DEMO).get("/api/runs?tag=smoke&branch=main").then().statusCode(200)
                .extract().<List<String>>path("id")).contains(runId);
        assertThat(Api.as(Keycloak.DEMO).get("/api/runs?tag=other").then().statusCode(200)
                .extract().<List<String>>path("id")).doesNotContain(runId);
    }

    static final String OPEN_MODEL = """
            import dev.barrage.scenario.ArrivalRate;
            import dev.barrage.scenario.HttpUser;
            import dev.barrage.scenario.Task;

            public class Crowd extends HttpUser {
                @Task
                void call() {
                    client.get("/slow?ms=500").name("/slow").send();
                }

                /** 20 iterations per second, at most 4 users busy over all runners: at most 8 per second can start. */
                public static class Rate extends ArrivalRate {
                    public Rate() {
                        super(20, 4);
                    }
                }
            }
            """;

    @Test
    void anOpenModelRunThatCannotKeepUpSaysSoAndFailsItsThresholds() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Crowd.java", OPEN_MODEL);
        target.resetCounts();
        Map<String, Object> request = Map.of("scenarioVersionId", version, "host", target.uri().toString(), "users", 2,
                "spawnRate", 1, "duration", "4s", "stopTimeout", "10s", "runners", 2,
                "thresholds", List.of("dropped_iterations<1", "iteration_rate>=95%", "iteration_rate>=2/s"));
        io.restassured.response.Response created = Api.startRun(Keycloak.DEMO, project, request);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String runId = created.path("id");

        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(120));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
        JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
        JsonNode it = report.get("iterations");
        long served = target.counts().get("GET /slow");
        // 20/s for 4 s: 80 due over both runners (each takes every other iteration); every started one reached the
        // target (the stop timeout lets it finish), so the drops are what the target did not see
        assertThat(it.get("due").asLong()).as(it.toString()).isEqualTo(80);
        assertThat(it.get("started").asLong()).isEqualTo(served);
        assertThat(it.get("dropped").asLong()).isEqualTo(80 - served).isPositive();
        assertThat(it.get("shortfall").asBoolean()).isTrue();
        // the rates count from the runners' first interval, not from when the run was created (runners take seconds to
        // start): 20/s asked for, at most 4 users x 2 iterations/s achieved
        assertThat(it.get("targetRate").asDouble()).isBetween(16.0, 20.5);
        assertThat(it.get("achievedRate").asDouble()).isBetween(4.0, 9.0);
        // on the report's time axis (seconds since the run was created, as its charts)
        assertThat(it.get("droppedFromSecond").asDouble()).isLessThanOrEqualTo(it.get("droppedUntilSecond").asDouble());
        assertThat(it.get("droppedUntilSecond").asDouble())
                .isLessThanOrEqualTo((report.at("/run/endEpochMillis").asLong() - report.at("/run/startEpochMillis").asLong()) / 1000.0);
        JsonNode judged = run.get("thresholdResults");
        assertThat(judged).as(run.toString()).hasSize(3);
        assertThat(judged.get(0).get("passed").asBoolean()).isFalse();
        assertThat(judged.get(0).get("actual").asDouble()).isEqualTo((double) (80 - served));
        assertThat(judged.get(1).get("passed").asBoolean()).isFalse();
        assertThat(judged.get(1).get("actual").asDouble()).isEqualTo(served / 80.0);
        assertThat(judged.get(2).get("passed").asBoolean()).isTrue();
        assertThat(run.get("thresholdsPassed").asBoolean()).isFalse();
        String html = Api.as(Keycloak.DEMO).accept("text/html").get("/api/runs/" + runId + "/report?format=html").asString();
        assertThat(html).contains("Could not keep up:");
    }

    /** A consumer of our own on the reports topic, to check the aggregator against the raw reports. */
    public static final class RawReports {
        public volatile String runId;
        private final List<EndpointInterval> intervals = new CopyOnWriteArrayList<>();
        private final Map<String, long[]> byRunner = new java.util.concurrent.ConcurrentHashMap<>(); // {requests, lastEnd, intervals}
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final Map<String, Long> lastSequences = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        public long requestsReceived() {
            return intervals.stream().mapToLong(EndpointInterval::requests).sum();
        }

        public long intervalsOf(String runnerId) {
            return byRunner.getOrDefault(runnerId, new long[] {0, 0, 0})[2];
        }

        public long requestsOf(String runnerId) {
            return byRunner.getOrDefault(runnerId, new long[] {0, 0, 0})[0];
        }

        public long lastReportOf(String runnerId) {
            return byRunner.getOrDefault(runnerId, new long[] {0, 0, 0})[1];
        }

        public void start() {
            Properties p = dev.barrage.controlplane.KafkaLogin.admin();
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("barrage.runner-reports").forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.partitionsFor("barrage.run-events").forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = Thread.ofPlatform().start(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (r.topic().equals("barrage.run-events")) {
                                if (r.key().equals(runId)) {
                                    try {
                                        events.add(new ObjectMapper().readTree(r.value()));
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                }
                                continue;
                            }
                            try {
                                ProtocolMessage m = ProtocolCodec.decode(r.value());
                                if (m instanceof IntervalMessage im && im.runId().equals(runId)) {
                                    intervals.addAll(im.report().endpoints());
                                    lastSequences.merge(im.report().runnerId(), im.report().sequence(), Math::max);
                                    byRunner.merge(im.report().runnerId(),
                                            new long[] {im.report().requests(), im.report().endEpochMillis(), 1},
                                            (a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1]), a[2] + b[2]});
                                }
                            } catch (Exception ignored) {
                                // not ours to judge here
                            }
                        }
                    }
                }
            });
        }

        /**
         * Stops reading once everything the ended run was built from has arrived here too: each runner's last report
         * that the control plane counted ({@code runnerStates[].lastReport}) and the event of its end (at most 20 s).
         */
        public void stop(JsonNode ended) throws InterruptedException {
            String endEvent = "run." + ended.get("status").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !(events.stream().anyMatch(e -> e.get("type").asText().equals(endEvent))
                    && allLastReportsSeen(ended))) {
                Thread.sleep(20);
            }
            running.set(false);
            thread.join();
        }

        private boolean allLastReportsSeen(JsonNode ended) {
            for (JsonNode runner : ended.get("runnerStates")) {
                String id = ended.get("id").asText() + "-r" + runner.get("index").asInt();
                if (lastSequences.getOrDefault(id, -1L) < runner.get("lastReport").asLong()) {
                    return false;
                }
            }
            return true;
        }

        Map<String, Histogram> merged() {
            Map<String, Histogram> out = new HashMap<>();
            for (EndpointInterval i : intervals) {
                out.computeIfAbsent(i.key().toString(), k -> new Histogram(3)).add(i.histogram());
            }
            return out;
        }

        long min(JsonNode endpoint) {
            return intervals.stream().filter(i -> matches(i, endpoint) && i.requests() > 0)
                    .mapToLong(EndpointInterval::minMicros).min().orElse(0);
        }

        long max(JsonNode endpoint) {
            return intervals.stream().filter(i -> matches(i, endpoint)).mapToLong(EndpointInterval::maxMicros).max().orElse(0);
        }

        private static boolean matches(EndpointInterval i, JsonNode e) {
            return i.key().type().equals(e.get("type").asText()) && i.key().name().equals(e.get("name").asText());
        }
    }
}
