package dev.barrage.runner.agent;

import dev.barrage.protocol.messages.MessageMac;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.protocol.messages.ProtocolException;
import dev.barrage.protocol.messages.ProtocolMessage;
import dev.barrage.protocol.messages.RunnerCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The runner's side of Kafka: publishes its reports and statuses keyed by run id, each with its MAC under the run's
 * key, and reads the run's commands, obeying only those whose MAC is the control plane's. It signs in with the run's
 * own credential, whose ACLs let it write reports and read commands and nothing else. The producer is idempotent with
 * generous delivery timeouts, so a broker restart delays reports but neither loses nor duplicates them.
 */
final class KafkaChannel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KafkaChannel.class.getName());

    private final AgentSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private static final ProtocolMessage CLOSE = new dev.barrage.protocol.messages.RunnerCommand("", 
            dev.barrage.protocol.messages.RunnerCommand.Kind.STOP, 0, 0, 0);
    /** How long the end of a run waits for its last reports to reach a broker that is away. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private final LinkedBlockingQueue<ProtocolMessage> outbox = new LinkedBlockingQueue<>();
    private final long[] sent = {0};
    private final Thread sender;

    KafkaChannel(AgentSettings settings) {
        this.settings = settings;
        Properties p = login(settings);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.runnerId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());

        Properties c = login(settings);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.runnerId() + "-control");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        sender = Thread.ofPlatform().name("barrage-report-sender").daemon().start(this::sendLoop);
    }

    /** The SASL settings of the run's credential. */
    static Properties login(AgentSettings settings) {
        Properties p = new Properties();
        AgentSettings.KafkaLogin login = settings.kafkaLogin();
        p.put("security.protocol", login.securityProtocol());
        if (login.securityProtocol().startsWith("SASL_")) {
            p.put("sasl.mechanism", login.mechanism());
            String module = login.mechanism().startsWith("SCRAM-") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            p.put("sasl.jaas.config", module + " required username=\"" + jaasQuoted(login.username()) + "\" password=\""
                    + jaasQuoted(login.password()) + "\";");
        }
        return p;
    }

    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Starts listening for commands from now on: commands are only sent once every runner said READY, so nothing
     * before this moment concerns us.
     */
    void listen() {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(settings.controlTopic(), Duration.ofSeconds(60))
                .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + settings.controlTopic() + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, not at the first poll
    }

    /** The next commands for this run, waiting up to {@code timeout}. */
    List<RunnerCommand> poll(Duration timeout) {
        List<RunnerCommand> commands = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (!settings.runId().equals(record.key())) {
                continue;
            }
            org.apache.kafka.common.header.Header mac = record.headers().lastHeader(MessageMac.HEADER);
            if (!MessageMac.verify(settings.runKey(), MessageMac.Direction.COMMAND, settings.runId(), record.value(),
                    mac == null ? null : mac.value())) {
                LOG.warning(() -> "ignoring a control record at offset " + record.offset() + " without the control plane's"
                        + " MAC (" + (mac == null ? "none" : "a wrong one") + ")");
                continue;
            }
            try {
                ProtocolMessage m = ProtocolCodec.decode(record.value());
                if (m instanceof RunnerCommand c && c.runId().equals(settings.runId())) {
                    commands.add(c);
                }
            } catch (ProtocolException e) {
                LOG.warning(() -> "ignoring a malformed control record at offset " + record.offset() + ": " + e.getMessage());
            }
        }
        return commands;
    }

    /**
     * Queues a message; a sender thread delivers the queue in order, retrying until the broker takes each one. The
     * engine never waits on Kafka, and a report once cut is never dropped: if a send's outcome is unknown it is sent
     * again, and the aggregator counts a (runner, sequence) once.
     */
    void publish(ProtocolMessage message) {
        outbox.add(message);
    }

    private void sendLoop() {
        while (true) {
            ProtocolMessage message;
            try {
                message = outbox.take();
            } catch (InterruptedException e) {
                return;
            }
            if (message == CLOSE) {
                return;
            }
            byte[] value = ProtocolCodec.encode(message);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.reportsTopic(), settings.runId(), value);
            record.headers().add(MessageMac.HEADER,
                    MessageMac.mac(settings.runKey(), MessageMac.Direction.REPORT, settings.runId(), value));
            for (int attempt = 1; ; attempt++) {
                try {
                    producer.send(record).get();
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (ExecutionException | RuntimeException e) {
                    int n = attempt;
                    LOG.warning(() -> "could not publish a " + message.getClass().getSimpleName() + " (attempt " + n
                            + "), trying again: " + e.getMessage());
                    try {
                        Thread.sleep(Math.min(5_000, 250L * attempt));
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
            synchronized (sent) {
                sent[0]++;
                sent.notifyAll();
            }
        }
    }

    /** Waits until everything queued so far has been delivered (or the wait times out). */
    void flush() {
        flush(DRAIN_TIMEOUT);
        producer.flush();
    }

    /** Waits at most {@code timeout} until everything queued so far has been delivered; true when it was. */
    boolean flush(Duration timeout) {
        long target;
        synchronized (sent) {
            target = sent[0] + outbox.size();
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (sent) {
            while (sent[0] < target && System.currentTimeMillis() < deadline) {
                try {
                    sent.wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return sent[0] >= target;
        }
    }

    @Override
    public void close() {
        flush();
        outbox.add(CLOSE);
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(30));
        consumer.close(Duration.ofSeconds(5));
    }

}
