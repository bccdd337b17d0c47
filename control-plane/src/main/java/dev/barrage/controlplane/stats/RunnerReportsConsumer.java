package dev.barrage.controlplane.stats;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.runs.RunLifecycle;
import dev.barrage.controlplane.security.DatabaseUnavailable;
import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.MessageMac;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.protocol.messages.ProtocolException;
import dev.barrage.protocol.messages.ProtocolMessage;
import dev.barrage.protocol.messages.RunnerStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads what runners publish (interval reports and statuses) and hands it to the aggregator and the run lifecycle.
 * Offsets are committed after processing, so a restarted control plane continues where it stopped. A record keyed with
 * a run in progress that its runners did not send (a wrong or missing MAC, another run's id inside, a runner the run
 * does not have, a report merged before) is refused and counted on that run as rejected; it never fails the run.
 */
@ApplicationScoped
public class RunnerReportsConsumer {
    private static final Logger LOG = Logger.getLogger(RunnerReportsConsumer.class);

    @Inject
    BarrageConfig config;

    @Inject
    RunAggregator aggregator;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    dev.barrage.controlplane.quotas.UsageMeter meter;

    @Inject
    dev.barrage.controlplane.kafka.KafkaClients clients;

    @Inject
    dev.barrage.controlplane.kafka.RunKeys keys;

    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean running;
    /** Since when every record could be handled; the silence of runners means nothing before that. */
    private volatile long healthySince = System.currentTimeMillis();

    private volatile long lastRecordMillis = System.currentTimeMillis();

    /**
     * Milliseconds since reports have been flowing in without hindrance: 0 while they are held (database down) or
     * while nothing at all arrives although runs are in progress (broker unreachable).
     */
    public long healthyForMillis() {
        long since = healthySince;
        return since == Long.MAX_VALUE ? 0 : System.currentTimeMillis() - since;
    }

    /** Milliseconds since the last record of any run arrived. */
    public long quietForMillis() {
        return System.currentTimeMillis() - lastRecordMillis;
    }

    void start(@Observes StartupEvent event) {
        Properties p = clients.properties("barrage-control-plane-reports");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a broker restart or a dead instance is noticed in seconds, not the default 45
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(config.kafka().reportsTopic()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                // runs may go to another instance, which meters them from what the ledger holds (see replay): write
                // what this one metered before it lets them go (also when it shuts down)
                if (!partitions.isEmpty()) {
                    try {
                        meter.flushAll();
                    } catch (RuntimeException e) {
                        LOG.warnf("could not write the metered use before partitions moved: %s", e.getMessage());
                    }
                }
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            }
        });
        running = true;
        thread = Thread.ofPlatform().name("barrage-reports-consumer").daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    lastRecordMillis = System.currentTimeMillis();
                }
                if (handleAll(records)) {
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                    if (healthySince == Long.MAX_VALUE) {
                        healthySince = System.currentTimeMillis();
                    }
                } else {
                    Thread.sleep(1000);
                }
            } catch (WakeupException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("error while reading runner reports; continuing", e);
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        UUID runId;
        try {
            runId = UUID.fromString(record.key());
        } catch (RuntimeException e) {
            return; // not keyed with a run: not ours
        }
        if (!aggregator.isOpen(runId)) {
            java.util.Optional<java.time.Instant> createdAt = lifecycle.adopt(runId);
            if (createdAt.isEmpty()) {
                return; // not a run in progress: a leftover of an ended run, or someone else's
            }
            replay(runId, createdAt.get(), record);
        }
        ProtocolMessage message;
        try {
            message = authentic(runId, record);
        } catch (Rejected e) {
            reject(runId, record, e.getMessage());
            return;
        }
        try {
            switch (message) {
                case IntervalMessage m -> {
                    if (aggregator.accept(runId, m.report())) {
                        lifecycle.intervalReceived(runId, m.report());
                    } else {
                        reject(runId, record, "it repeats report #" + m.report().sequence() + " of "
                                + m.report().runnerId() + ", merged before");
                    }
                }
                case RunnerStatus s -> lifecycle.statusReceived(runId, s);
                default -> { }
            }
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                throw new DatabaseDown(e);
            }
            LOG.errorf(e, "could not process a %s of run %s", message.getClass().getSimpleName(), runId);
        }
    }

    /**
     * The record's message when one of the run's runners sent it: its MAC is the run key's over the record's bytes
     * and the run id it is keyed with, it decodes, it names that run, and a runner the run has. Only the run's runners
     * (and this control plane) know the run's key.
     */
    private ProtocolMessage authentic(UUID runId, ConsumerRecord<String, byte[]> record) throws Rejected {
        org.apache.kafka.common.header.Header mac = record.headers().lastHeader(MessageMac.HEADER);
        if (mac == null) {
            throw new Rejected("it has no MAC");
        }
        if (!MessageMac.verify(keys.of(runId), MessageMac.Direction.REPORT, runId.toString(), record.value(), mac.value())) {
            throw new Rejected("its MAC is not one made with the run's key");
        }
        ProtocolMessage message;
        try {
            message = ProtocolCodec.decode(record.value());
        } catch (ProtocolException e) {
            throw new Rejected("it is malformed: " + e.getMessage());
        }
        if (!runId.toString().equals(message.runId())) {
            throw new Rejected("it is keyed with the run but names run " + message.runId());
        }
        String runnerId = switch (message) {
            case IntervalMessage m -> m.report().runnerId();
            case RunnerStatus s -> s.runnerId();
            default -> throw new Rejected("a " + message.getClass().getSimpleName() + " is not a runner's to send");
        };
        if (!aggregator.hasRunner(runId, runnerId)) {
            throw new Rejected("it comes from runner " + runnerId + ", which the run does not have");
        }
        return message;
    }

    /** A record the run's runners did not send: counted on the run, never merged or metered, and the run goes on. */
    private void reject(UUID runId, ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("run %s: rejected the record at %s-%d offset %d: %s", runId, record.topic(), record.partition(),
                record.offset(), reason);
        try {
            lifecycle.recordRejected(runId);
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                throw new DatabaseDown(e);
            }
            throw e;
        }
    }

    /** Why a record is not what a runner of its run sent. */
    private static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Handles a batch partition by partition. When the database is down, every partition goes back to its first
     * record not yet handled and false is returned: nothing is skipped, it is all read again once the database is back.
     */
    private boolean handleAll(ConsumerRecords<String, byte[]> records) {
        List<org.apache.kafka.common.TopicPartition> partitions = List.copyOf(records.partitions());
        for (int i = 0; i < partitions.size(); i++) {
            for (ConsumerRecord<String, byte[]> record : records.records(partitions.get(i))) {
                try {
                    handle(record);
                } catch (RuntimeException e) {
                    if (!(e instanceof DatabaseDown) && !DatabaseUnavailable.causedBy(e)) {
                        LOG.errorf(e, "could not process the record at %s-%d offset %d; skipping it", record.topic(),
                                record.partition(), record.offset());
                        continue;
                    }
                    LOG.warnf("the database cannot be reached; holding runner reports from %s-%d offset %d",
                            record.topic(), record.partition(), record.offset());
                    healthySince = Long.MAX_VALUE;
                    consumer.seek(partitions.get(i), record.offset());
                    for (int j = i + 1; j < partitions.size(); j++) {
                        consumer.seek(partitions.get(j), records.records(partitions.get(j)).getFirst().offset());
                    }
                    return false;
                }
            }
        }
        return true;
    }

    /** Handling a record needs the database, which is down. */
    private static final class DatabaseDown extends RuntimeException {
        DatabaseDown(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Rebuilds the statistics of a run this instance has just taken over (after a restart, or a partition moved
     * here), from the run's first record on its partition up to the one in hand. Replayed reports may have been
     * metered before, or not (an instance killed before its meter wrote them): the meter takes off what the ledger
     * holds of the run and keeps the rest to write.
     */
    private void replay(UUID runId, java.time.Instant createdAt, ConsumerRecord<String, byte[]> upTo) {
        Properties p = clients.properties("barrage-control-plane-replay");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        org.apache.kafka.common.TopicPartition partition =
                new org.apache.kafka.common.TopicPartition(upTo.topic(), upTo.partition());
        int replayed = 0;
        List<dev.barrage.protocol.IntervalReport> accepted = new java.util.ArrayList<>();
        try (KafkaConsumer<String, byte[]> replay = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            replay.assign(List.of(partition));
            var found = replay.offsetsForTimes(java.util.Map.of(partition, createdAt.toEpochMilli() - 60_000))
                    .get(partition);
            long from = found == null ? upTo.offset() : found.offset();
            replay.seek(partition, from);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (replay.position(partition) < upTo.offset() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : replay.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= upTo.offset()) {
                        break;
                    }
                    if (!runId.toString().equals(r.key())) {
                        continue;
                    }
                    try {
                        if (authentic(runId, r) instanceof IntervalMessage m && aggregator.accept(runId, m.report())) {
                            replayed++;
                            accepted.add(m.report());
                        }
                    } catch (Rejected e) {
                        LOG.debugf("replay of run %s: skipping the record at offset %d: %s", runId, r.offset(), e.getMessage());
                    }
                }
            }
        }
        try {
            meter.rebuilt(runId, accepted);
        } catch (RuntimeException e) {
            aggregator.forget(runId); // the database is away: taken over again, from the start, when the record comes again
            throw e;
        }
        LOG.infof("run %s: rebuilt from %d interval reports on %s; %d user-ms of them not yet in the usage ledger",
                runId, replayed, partition, meter.unwritten(runId));
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
