package dev.barrage.controlplane.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.InfraServices;
import dev.barrage.controlplane.KafkaLogin;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.runs.Run;
import dev.barrage.protocol.messages.MessageMac;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.protocol.messages.RunnerCommand;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A tenant's scenario can reach Kafka (a runner runs tenant code): this test plays it, with a runner credential and
 * key of its own run, against a victim run in progress. Forged, mis-keyed, foreign, malformed and replayed reports are
 * refused and counted on the victim as rejected records, a forged command is ignored by the victim's runner, the broker
 * refuses a client that does not sign in and the ACLs refuse a runner what is not its to do; the victim ends as it
 * would have, its numbers equal to its target's own counts and its VU-hours those of its own users.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraServices.class, restrictToAnnotatedClass = false)
class ForgedRecordsTest {
    static final String REPORTS = "barrage.runner-reports";
    static final String CONTROL = "barrage.runner-control";
    static final String SCENARIO = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            public class Steady extends HttpUser {
                @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(50)); }
                @Override public void onStart() { client.post("/login").send(); }
                @Task void browse() { client.get("/items/1").name("/items/[id]").send(); }
            }
            """;

    @Inject
    RunnerAccess access;

    @Inject
    RunKeys keys;

    @Test
    void anotherRunsRunnerCanNeitherForgeNorReadNorCommandAndTheVictimCountsOnlyWhatItsTargetSaw() throws Exception {
        UUID attackerRun = UUID.randomUUID(); // the attacker's own run: a real runner credential and key, with its ACLs
        var attacker = access.grant(attackerRun);
        byte[] attackerKey = keys.of(attackerRun);
        Properties asAttacker = KafkaLogin.as(attacker.username(), attacker.password());
        try (DemoTarget target = DemoTarget.start(0); Genuine genuine = new Genuine()) {
            String project = Api.newProject(Keycloak.DEMO);
            String version = Api.upload(Keycloak.DEMO, project, "Steady.java", SCENARIO);
            String victim = Api.startRun(Keycloak.DEMO, project, Map.of("scenarioVersionId", version,
                    "host", target.uri().toString(), "users", 2, "spawnRate", 10, "duration", "8s", "stopTimeout", "5s"))
                    .then().statusCode(201).extract().path("id");
            genuine.runId = victim;
            ConsumerRecord<String, byte[]> merged = genuine.first(Duration.ofSeconds(90));
            assertThat(status(victim)).isEqualTo("running");

            try (KafkaProducer<String, byte[]> producer = producer(asAttacker)) {
                // 1. a report for the victim, with numbers of its own, under the attacker's key
                byte[] forged = example(victim, 100_000);
                send(producer, victim, forged, MessageMac.mac(attackerKey, MessageMac.Direction.REPORT, victim, forged));
                // 2. a report from a runner of the attacker's run, keyed with the victim
                byte[] foreign = new String(example(victim, 100_001), StandardCharsets.UTF_8)
                        .replace(victim + "-r0", attackerRun + "-r0").getBytes(StandardCharsets.UTF_8);
                send(producer, victim, foreign, MessageMac.mac(attackerKey, MessageMac.Direction.REPORT, victim, foreign));
                // 3. a malformed record keyed with the victim (which used to fail it)
                byte[] malformed = new String(example(victim, 100_002), StandardCharsets.UTF_8)
                        .replace("\"requests\": 7", "\"requests\": -7").getBytes(StandardCharsets.UTF_8);
                send(producer, victim, malformed, null);
                // 4. a genuine record of the victim again, MAC and all
                ProducerRecord<String, byte[]> replay = new ProducerRecord<>(REPORTS, victim, merged.value());
                merged.headers().forEach(h -> replay.headers().add(h));
                producer.send(replay).get(30, TimeUnit.SECONDS);
                // 5. under the victim's own key, as one of its runners would have it: a runner the run does not
                // have, and a report naming another run
                byte[] victimKey = keys.of(UUID.fromString(victim));
                byte[] stranger = new String(example(victim, 100_003), StandardCharsets.UTF_8)
                        .replace(victim + "-r0", victim + "-r7").getBytes(StandardCharsets.UTF_8);
                send(producer, victim, stranger, MessageMac.mac(victimKey, MessageMac.Direction.REPORT, victim, stranger));
                byte[] elsewhere = example(attackerRun.toString(), 100_004);
                send(producer, victim, elsewhere, MessageMac.mac(victimKey, MessageMac.Direction.REPORT, victim, elsewhere));
                // (the attacker's own run is not in progress: a record keyed with it is nobody's, and not counted)
                byte[] own = example(attackerRun.toString(), 1);
                send(producer, attackerRun.toString(), own,
                        MessageMac.mac(attackerKey, MessageMac.Direction.REPORT, attackerRun.toString(), own));
            }

            // 6. commands: the attacker's credential may not write them; one that got in (here through the admin)
            // without the control plane's MAC is ignored by the victim's runner
            byte[] setUsers = ProtocolCodec.encode(RunnerCommand.setUsers(victim, 50, 50));
            try (KafkaProducer<String, byte[]> producer = producer(asAttacker)) {
                assertThat(catchThrowable(() -> producer.send(new ProducerRecord<>(CONTROL, victim, setUsers))
                        .get(30, TimeUnit.SECONDS))).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            try (KafkaProducer<String, byte[]> producer = producer(KafkaLogin.admin())) {
                send(producer, CONTROL, victim, setUsers,
                        MessageMac.mac(attackerKey, MessageMac.Direction.COMMAND, victim, setUsers));
                send(producer, CONTROL, victim, setUsers, null);
                // a genuine report of the victim's is no command either
                send(producer, CONTROL, victim, merged.value(), merged.headers().lastHeader(MessageMac.HEADER).value());
            }

            // 7. the broker: no sign-in, no access; a runner credential: no reading reports or commands of groups,
            // no writing commands or run events, no looking at the control plane's consumer group
            Properties anonymous = KafkaLogin.anonymous();
            anonymous.put("max.block.ms", "5000");
            try (KafkaProducer<String, byte[]> producer = producer(anonymous)) {
                assertThat(catchThrowable(() -> producer.send(new ProducerRecord<>(REPORTS, victim, new byte[1]))
                        .get(30, TimeUnit.SECONDS))).as("an unauthenticated client").isNotNull();
            }
            try (KafkaConsumer<String, byte[]> consumer = consumer(asAttacker)) {
                List<TopicPartition> partitions = consumer.partitionsFor(REPORTS).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                assertThat(catchThrowable(() -> consumer.poll(Duration.ofSeconds(10))))
                        .as("reading reports").isInstanceOf(TopicAuthorizationException.class);
            }
            Properties grouped = (Properties) asAttacker.clone();
            grouped.put("group.id", "barrage-control-plane");
            try (KafkaConsumer<String, byte[]> consumer = consumer(grouped)) {
                consumer.subscribe(List.of(CONTROL));
                assertThat(catchThrowable(() -> consumer.poll(Duration.ofSeconds(10))))
                        .as("joining the control plane's group").isInstanceOf(GroupAuthorizationException.class);
            }
            try (KafkaProducer<String, byte[]> producer = producer(asAttacker)) {
                assertThat(catchThrowable(() -> producer.send(new ProducerRecord<>("barrage.run-events", victim,
                        new byte[1])).get(30, TimeUnit.SECONDS))).as("writing run events")
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            try (Admin admin = Admin.create(asAttacker)) {
                assertThat(catchThrowable(() -> admin.listConsumerGroupOffsets("barrage-control-plane")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)))
                        .as("the control plane's offsets").hasCauseInstanceOf(GroupAuthorizationException.class);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("topics it may see")
                        .containsExactlyInAnyOrder(REPORTS, CONTROL);
            }

            JsonNode run = Api.awaitEndJson(Keycloak.DEMO, victim, Duration.ofSeconds(120));
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
            assertThat(run.get("rejectedRecords").asLong())
                    .as("forged, foreign, malformed, replayed, a stranger runner, another run's report").isEqualTo(6);

            JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + victim + "/report").asString());
            Map<String, Long> reported = new HashMap<>();
            report.get("endpoints").forEach(e -> reported.put(e.get("type").asText() + " " + e.get("name").asText(),
                    e.get("requests").asLong()));
            Map<String, Long> server = target.counts();
            assertThat(server).containsEntry("POST /login", 2L); // SET_USERS 50 was never obeyed
            assertThat(reported).containsOnlyKeys("POST /login", "GET /items/[id]")
                    .containsEntry("POST /login", server.get("POST /login"))
                    .containsEntry("GET /items/[id]", server.get("GET /items/{id}"));
            assertThat(report.at("/aggregated/requests").asLong()).isEqualTo(server.values().stream().mapToLong(Long::longValue).sum());
            assertThat(report.at("/run/users").asInt()).isLessThanOrEqualTo(2);
            long metered = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(UUID.fromString(victim)).meteredVuMillis);
            assertThat(metered).as("VU-ms metered: two users for at most the run's 8 s and its stop").isPositive()
                    .isLessThanOrEqualTo(2 * 14_000L);

            String log = Files.readString(Path.of("../.state/runs", victim, "runner-0.log"));
            assertThat(log.lines().filter(l -> l.contains("ignoring a control record")).count()).as(log).isEqualTo(3);
        } finally {
            access.revoke(attackerRun);
        }
        // the credential is gone with its run
        try (Admin admin = Admin.create(asAttacker)) {
            assertThat(catchThrowable(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS)))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        }
    }

    /** The interval example as a report of run {@code runId}'s runner 0 with the given sequence and 100,000 users. */
    private static byte[] example(String runId, long sequence) {
        String example = new String(ProtocolCodec.example("interval"), StandardCharsets.UTF_8);
        assertThat(example).contains("\"sequence\": 7", "\"users\": 25");
        return example.replace("run-42", runId).replace("\"sequence\": 7", "\"sequence\": " + sequence)
                .replace("\"users\": 25", "\"users\": 100000").getBytes(StandardCharsets.UTF_8);
    }

    private static String status(String runId) {
        return Api.as(Keycloak.DEMO).get("/api/runs/" + runId).then().extract().path("status");
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value, byte[] mac) throws Exception {
        send(producer, REPORTS, key, value, mac);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value, byte[] mac)
            throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (mac != null) {
            record.headers().add(MessageMac.HEADER, mac);
        }
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, byte[]> producer(Properties p) {
        Properties q = (Properties) p.clone();
        q.putIfAbsent("max.block.ms", "15000");
        q.put("enable.idempotence", "false"); // idempotence would ask for rights this test does not look at
        q.put("retries", "0");
        return new KafkaProducer<>(q, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(Properties p) {
        Properties q = (Properties) p.clone();
        q.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(q, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The victim's genuine records, read as the admin (as the control plane reads them). */
    static final class Genuine implements AutoCloseable {
        volatile String runId;
        private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Genuine() {
            KafkaConsumer<String, byte[]> consumer = consumer(KafkaLogin.admin());
            List<TopicPartition> partitions = new ArrayList<>(consumer.partitionsFor(REPORTS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = Thread.ofPlatform().start(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            if (r.key() != null && r.key().equals(runId)
                                    && new String(r.value(), StandardCharsets.UTF_8).contains("\"type\":\"interval\"")) {
                                records.add(r);
                            }
                        }
                    }
                }
            });
        }

        /** The victim's first interval report that the control plane has merged by now. */
        ConsumerRecord<String, byte[]> first(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (records.size() >= 2) {
                    return records.getFirst(); // merged: the run's point for that second is out once the next came
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no report of run " + runId + " within " + limit);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
