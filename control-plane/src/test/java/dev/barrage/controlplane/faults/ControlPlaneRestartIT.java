package dev.barrage.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.InfraServices;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.RunEndToEndTest;
import dev.barrage.protocol.IntervalReport;
import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.runner.demo.DemoTarget;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control plane dies mid-run, for real: the packaged application ({@code target/quarkus-app}) runs as a process of
 * its own, starts a run of two local runner processes against a demo target, and is killed with SIGKILL while the
 * run is under load; the runners go on (as pods would), a new control plane process starts, takes the run over from
 * Kafka, and ends it. The report's request and failure counts per endpoint equal the target's own counts, each report
 * of the runners is counted once, and the usage ledger holds exactly the user-time the runners reported.
 *
 * <p>A failsafe test ({@code ./mvnw verify}), since it needs the package. Logs of both control plane processes and of
 * the runners: {@code control-plane/target/restart-it/}.
 */
class ControlPlaneRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT = Integer.getInteger("barrage.restart-it.port", 18097);
    private static final String GROUP = System.getProperty("barrage.restart-it.group", "barrage-restart-it");
    private static final String REPORTS_TOPIC = "barrage.runner-reports";
    /**
     * A database of its own on the shared PostgreSQL: every control plane adopts the runs in progress of its database
     * whose reports it reads, so another instance on this machine (another working copy's tests) would otherwise take
     * this run over while the one under test is dead, and the test would prove nothing about it.
     */
    private static final String DATABASE = System.getProperty("barrage.restart-it.database", "barrage_restart_it");

    /** Kept, so that the level holds: the Kafka clients of this test say every partition they seek at INFO. */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");
    private static Path root;
    private static Path work;

    private final List<Process> controlPlanes = new ArrayList<>();
    private DemoTarget target;
    private RawReports raw;
    private String runId;

    private static final InfraServices SERVICES = new InfraServices();

    @AfterAll
    static void stopServices() {
        SERVICES.stop();
    }

    @BeforeAll
    static void services() throws IOException {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        root = Path.of(System.getProperty("barrage.root", "..")).toAbsolutePath().normalize();
        work = root.resolve("control-plane/target/restart-it");
        Files.createDirectories(work);
        SERVICES.start(); // and stopped after the test, when this test started them
        try (Connection c = DriverManager.getConnection(jdbcUrl("barrage"), "barrage", "barrage");
             var s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
            s.execute("create database " + DATABASE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the test's database " + DATABASE + ": " + e, e);
        }
        assertThat(root.resolve("control-plane/target/quarkus-app/quarkus-run.jar"))
                .as("the packaged control plane (./mvnw package -pl control-plane)").isRegularFile();
        assertThat(root.resolve("runner-image/runner/target/barrage-runner.jar")).as("the runner program").isRegularFile();
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = PORT;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : controlPlanes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (runId != null) { // runners outlive a killed control plane: never leave them behind
            for (ProcessHandle runner : runnerProcesses(runId)) {
                runner.destroyForcibly();
            }
        }
        if (raw != null) {
            raw.close();
        }
        if (target != null) {
            target.close();
        }
        RestAssured.reset();
    }

    @Test
    void aControlPlaneKilledMidRunIsReplacedAndTheRunEndsWithExactlyTheTargetsCounts() throws Exception {
        startAtTheEndOfTheReports(); // this test's own consumer group: only what happens from now on is its business
        Process first = startControlPlane(1);

        target = DemoTarget.start(0);
        raw = new RawReports();
        String project = Api.newProject(Keycloak.DEMO);
        String version = Api.upload(Keycloak.DEMO, project, "Checkout.java", RunEndToEndTest.SCENARIO);
        runId = startRun(project, version);
        raw.runId = runId;

        // under load, with several intervals of both runners counted by the first instance
        long deadline = System.currentTimeMillis() + 90_000;
        long countedBefore = 0;
        while (raw.intervalsOf(runId + "-r0") < 4 || raw.intervalsOf(runId + "-r1") < 4 || countedBefore == 0) {
            assertThat(System.currentTimeMillis()).as("run %s under load in time", runId).isLessThan(deadline);
            assertThat(first.isAlive()).as("the first control plane runs (see %s)", log(1)).isTrue();
            Thread.sleep(200);
            var report = Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report");
            if (report.statusCode() == 200) {
                countedBefore = JSON.readTree(report.asString()).at("/aggregated/requests").asLong();
            }
        }
        List<ProcessHandle> runners = runnerProcesses(runId);
        assertThat(runners).as("two runner processes").hasSize(2);

        // SIGKILL: no shutdown hook, no @PreDestroy, nothing flushed or committed on the way out
        long killedAt = System.currentTimeMillis();
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        long targetAtKill = total(target);
        Thread.sleep(2000);
        assertThat(runners).as("the runners outlive their control plane, as pods would").allMatch(ProcessHandle::isAlive);
        assertThat(total(target)).as("load goes on while no control plane runs").isGreaterThan(targetAtKill);

        Process second = startControlPlane(2);
        long restartedAt = System.currentTimeMillis();
        JsonNode ended = awaitEnd(second);
        raw.awaitQuiet();

        assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("finished");
        assertThat(ended.get("runnerStates")).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("status").asText()).as(ended.toString()).isEqualTo("stopped"));
        String secondLog = Files.readString(log(2));
        for (long until = System.currentTimeMillis() + 10_000; // the run's end is logged just after it is stored
             !secondLog.contains("run " + runId + " ended") && System.currentTimeMillis() < until; ) {
            Thread.sleep(200);
            secondLog = Files.readString(log(2));
        }
        assertThat(secondLog).as("the second instance took the run over and ended it")
                .contains("run " + runId + ": taken over by this instance", "run " + runId + ": rebuilt from",
                        "run " + runId + " ended");

        JsonNode report = JSON.readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
        Map<String, Long> server = target.counts();
        Map<String, Long> reported = new HashMap<>();
        report.get("endpoints").forEach(e -> reported.put(e.get("type").asText() + " " + e.get("name").asText(),
                e.get("requests").asLong()));
        assertThat(reported).as("per endpoint, the report against the target's own counts")
                .containsOnly(Map.entry("POST /login", server.get("POST /login")),
                        Map.entry("GET /items/[id]", server.get("GET /items/{id}")),
                        Map.entry("GET /flaky", server.get("GET /flaky")));
        long requests = report.at("/aggregated/requests").asLong();
        long failures = report.at("/aggregated/failures").asLong();
        assertThat(requests).isEqualTo(total(target)).isGreaterThan(countedBefore);
        assertThat(failures).isEqualTo(target.statusCounts().get("GET /flaky 500")).isPositive();
        report.get("endpoints").forEach(e -> assertThat(e.get("failures").asLong()).as(e.toString())
                .isEqualTo(e.get("name").asText().equals("/flaky") ? failures : 0));

        // each report once: the report equals the runners' reports as Kafka holds them, each (runner, sequence) once
        assertThat(requests).as("the report against the runners' reports on Kafka").isEqualTo(raw.requests());
        assertThat(failures).isEqualTo(raw.failures());
        assertThat(raw.sequencesGapFree()).as("every runner's reports, without a gap").isTrue();
        assertThat(raw.differingRepeats).as("a report sent twice carries the same numbers").hasValue(0);

        // the usage ledger: what the runners reported of user-time, written once, under this run's account
        Ledger ledger = ledger(runId);
        assertThat(ledger.vuMillis()).as("user-milliseconds in the ledger against the runners' reports")
                .isEqualTo(raw.userMillis()).isEqualTo(ledger.meteredOnRun());
        assertThat(ledger.rows()).isPositive();

        System.out.printf("ControlPlaneRestartIT: run %s, control plane killed after %d requests counted (%d s into the"
                        + " run), back after %.1f s; report %d requests / %d failures, target %d / %d; %d interval"
                        + " reports of 2 runners; ledger %d user-ms in %d rows, runners reported %d%n",
                runId, countedBefore, (killedAt - raw.firstReportAt()) / 1000, (restartedAt - killedAt) / 1000.0, requests,
                failures, total(target), target.statusCounts().get("GET /flaky 500"), raw.reports(), ledger.vuMillis(),
                ledger.rows(), raw.userMillis());
    }

    private static long total(DemoTarget target) {
        return target.counts().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Path log(int instance) {
        return work.resolve("control-plane-" + instance + ".log");
    }

    /** The packaged control plane, configured as the %test profile configures it, on its own port and group. */
    private Process startControlPlane(int instance) throws Exception {
        String kafka = "127.0.0.1:" + System.getenv().getOrDefault("BARRAGE_KAFKA_PORT", "19092");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + PORT,
                "-Dbarrage.public-url=http://127.0.0.1:" + PORT,
                "-Dbarrage.root=" + root,
                "-Dbarrage.launch.local.log-dir=" + work.resolve("runs"),
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl(DATABASE),
                "-Dbarrage.kafka.bootstrap=" + kafka,
                "-Dbarrage.kafka.group-id=" + GROUP,
                "-Dbarrage.targets.loopback=allow",
                // working copies share the database: a migration another one applied is not this one's concern
                "-Dquarkus.flyway.ignore-migration-patterns=*:missing",
                "-Dquarkus.log.category.\"dev.barrage\".level=DEBUG"));
        command.addAll(List.of("-jar", root.resolve("control-plane/target/quarkus-app/quarkus-run.jar").toString()));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log(instance).toFile()).start();
        controlPlanes.add(p);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            assertThat(p.isAlive()).as("control plane %d started (see %s)", instance, log(instance)).isTrue();
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            assertThat(System.currentTimeMillis()).as("control plane %d ready in time (see %s)", instance, log(instance))
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private String startRun(String project, String version) {
        return Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                        "users", 6, "spawnRate", 20, "duration", "20s", "stopTimeout", "10s", "runners", 2))
                .post("/api/projects/" + project + "/runs").then().statusCode(201).extract().path("id");
    }

    private JsonNode awaitEnd(Process controlPlane) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        JsonNode run = null;
        while (System.currentTimeMillis() < deadline) {
            assertThat(controlPlane.isAlive()).as("the second control plane runs (see %s)", log(2)).isTrue();
            var r = Api.as(Keycloak.DEMO).get("/api/runs/" + runId);
            if (r.statusCode() == 200) {
                run = JSON.readTree(r.asString());
                if (List.of("finished", "stopped", "failed").contains(run.get("status").asText())) {
                    return run;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not end: " + run);
    }

    /** Commits this test's consumer group at the end of the reports topic, as a long-running deployment's group is. */
    private static void startAtTheEndOfTheReports() {
        Properties p = dev.barrage.controlplane.KafkaLogin.admin();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(REPORTS_TOPIC).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            c.endOffsets(partitions).forEach((tp, offset) -> ends.put(tp, new OffsetAndMetadata(offset)));
            c.commitSync(ends);
        }
    }

    /** The runner processes of a run, found by the environment the launcher gives them. */
    static List<ProcessHandle> runnerProcesses(String runId) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("barrage-runner.jar agent"))
                .filter(p -> {
                    try {
                        String env = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "environ"),
                                StandardCharsets.ISO_8859_1);
                        return List.of(env.split("\u0000")).contains("BARRAGE_RUN_ID=" + runId);
                    } catch (IOException | RuntimeException e) {
                        return false;
                    }
                }).toList();
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + System.getenv().getOrDefault("BARRAGE_PG_PORT", "15432") + "/" + database;
    }

    private record Ledger(long vuMillis, long rows, long meteredOnRun) {}

    /** The run's rows in the usage ledger, read from the database itself. */
    private static Ledger ledger(String runId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(DATABASE), "barrage", "barrage");
             PreparedStatement q = c.prepareStatement("select coalesce(sum(u.vu_millis), 0), count(u.id),"
                     + " (select r.metered_vu_millis from runs r where r.id = ?) from usage_ledger u where u.run_id = ?")) {
            q.setObject(1, UUID.fromString(runId));
            q.setObject(2, UUID.fromString(runId));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new Ledger(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /** Every interval report the runners put on Kafka, read by a consumer of our own; repeats kept apart. */
    private static final class RawReports implements AutoCloseable {
        volatile String runId;
        private final Map<String, IntervalReport> bySequence = new ConcurrentHashMap<>(); // "runner#sequence"
        final AtomicLong differingRepeats = new AtomicLong();
        private final AtomicLong lastRecord = new AtomicLong(System.currentTimeMillis());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RawReports() {
            Properties p = dev.barrage.controlplane.KafkaLogin.admin();
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(REPORTS_TOPIC).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = Thread.ofPlatform().name("restart-it-raw-reports").start(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (runId == null || !runId.equals(r.key())) {
                                continue;
                            }
                            lastRecord.set(System.currentTimeMillis());
                            try {
                                if (ProtocolCodec.decode(r.value()) instanceof IntervalMessage m) {
                                    IntervalReport report = m.report();
                                    IntervalReport before = bySequence.putIfAbsent(report.runnerId() + "#" + report.sequence(), report);
                                    if (before != null && (before.requests() != report.requests() || before.failures() != report.failures()
                                            || before.userMillis() != report.userMillis())) {
                                        differingRepeats.incrementAndGet();
                                    }
                                }
                            } catch (Exception ignored) {
                                // not ours to judge here
                            }
                        }
                    }
                }
            });
        }

        long intervalsOf(String runnerId) {
            return bySequence.values().stream().filter(r -> r.runnerId().equals(runnerId)).count();
        }

        long reports() {
            return bySequence.size();
        }

        long requests() {
            return bySequence.values().stream().mapToLong(IntervalReport::requests).sum();
        }

        long failures() {
            return bySequence.values().stream().mapToLong(IntervalReport::failures).sum();
        }

        long userMillis() {
            return bySequence.values().stream().mapToLong(IntervalReport::userMillis).sum();
        }

        long firstReportAt() {
            return bySequence.values().stream().mapToLong(IntervalReport::startEpochMillis).min().orElse(0);
        }

        boolean sequencesGapFree() {
            Map<String, List<Long>> byRunner = new HashMap<>();
            bySequence.values().forEach(r -> byRunner.computeIfAbsent(r.runnerId(), k -> new ArrayList<>()).add(r.sequence()));
            return byRunner.size() == 2 && byRunner.values().stream().allMatch(s -> {
                long min = s.stream().mapToLong(Long::longValue).min().orElseThrow();
                long max = s.stream().mapToLong(Long::longValue).max().orElseThrow();
                return max - min + 1 == s.size();
            });
        }

        /** Waits until nothing of the run has arrived for two seconds: every report is in. */
        void awaitQuiet() throws InterruptedException {
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() - lastRecord.get() < 2000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
