package dev.barrage.controlplane.stats;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.protocol.messages.MessageMac;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.protocol.messages.RunnerCommand;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends commands to the runners of a run over the control topic, keyed by run id, each with its MAC under the run's
 * key: runners obey no command without it.
 */
@ApplicationScoped
public class RunnerControl {
    @Inject
    BarrageConfig config;

    @Inject
    dev.barrage.controlplane.kafka.KafkaClients clients;

    @Inject
    dev.barrage.controlplane.kafka.RunKeys keys;

    private KafkaProducer<String, byte[]> producer;

    @PostConstruct
    void connect() {
        Properties p = clients.properties("barrage-control-plane-commands");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the broker's acknowledgement, so a command is either delivered or reported as failed. */
    public void send(RunnerCommand command) {
        try {
            byte[] value = ProtocolCodec.encode(command);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.kafka().controlTopic(), command.runId(), value);
            record.headers().add(MessageMac.HEADER, MessageMac.mac(keys.of(java.util.UUID.fromString(command.runId())),
                    MessageMac.Direction.COMMAND, command.runId(), value));
            producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + command.kind(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the " + command.kind() + " command: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
