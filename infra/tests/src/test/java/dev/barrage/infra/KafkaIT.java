package dev.barrage.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Kafka (KRaft, one node) started by infra/up: the project's topics, and a real produce/consume round trip. */
@ExtendWith(InfraExtension.class)
class KafkaIT {

  @Test
  void theTopicsExistWithTheirPartitionCounts() throws Exception {
    Properties props = Infra.kafkaAdmin();
    try (Admin admin = Admin.create(props)) {
      Map<String, TopicDescription> topics = admin
          .describeTopics(List.of("barrage.runner-reports", "barrage.runner-control", "barrage.run-events"))
          .allTopicNames().get(30, TimeUnit.SECONDS);
      Map<String, Integer> partitions = topics.values().stream()
          .collect(Collectors.toMap(TopicDescription::name, t -> t.partitions().size()));
      assertThat(partitions).containsExactlyInAnyOrderEntriesOf(Map.of(
          "barrage.runner-reports", 6,
          "barrage.runner-control", 6,
          "barrage.run-events", 3));
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void aClientThatDoesNotSignInIsRefused() {
    Properties props = new Properties();
    props.put("bootstrap.servers", Infra.kafkaBootstrap());
    props.put("request.timeout.ms", "5000");
    props.put("default.api.timeout.ms", "5000");
    try (Admin admin = Admin.create(props)) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
          admin.listTopics().names().get(30, TimeUnit.SECONDS))).as("listing topics without SASL").isNotNull();
    }
    Properties wrong = Infra.kafkaAdmin();
    wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"barrage\""
        + " password=\"not-the-password\";");
    try (Admin admin = Admin.create(wrong)) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS)))
          .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
    }
  }

  @Test
  void recordsProducedWithARunIdKeyAreConsumedInOrder() throws Exception {
    String topic = "barrage.runner-reports";
    String runId = "run-" + UUID.randomUUID();
    int count = 10;

    Properties producerProps = Infra.kafkaAdmin();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    List<RecordMetadata> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      for (int seq = 0; seq < count; seq++) {
        sent.add(producer.send(new ProducerRecord<>(topic, runId, "{\"runId\":\"" + runId + "\",\"seq\":" + seq + "}"))
            .get(30, TimeUnit.SECONDS));
      }
    }
    assertThat(sent).extracting(RecordMetadata::partition).as("one key, one partition").containsOnly(sent.get(0).partition());

    Properties consumerProps = Infra.kafkaAdmin();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-it-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> received = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.subscribe(List.of(topic));
      while (received.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (runId.equals(record.key())) {
            received.add(record.value());
          }
        }
      }
      consumer.commitSync();
    }

    List<String> expected = new ArrayList<>();
    for (int seq = 0; seq < count; seq++) {
      expected.add("{\"runId\":\"" + runId + "\",\"seq\":" + seq + "}");
    }
    assertThat(received).containsExactlyElementsOf(expected);
  }
}
