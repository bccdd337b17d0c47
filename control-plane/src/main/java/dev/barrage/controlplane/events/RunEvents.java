package dev.barrage.controlplane.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.runs.Run;
import dev.barrage.runner.report.EndpointRow;
import dev.barrage.runner.report.RunReport;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Announces what happens to runs: as an asynchronous CDI event for the integrations in this service, and as JSON on
 * the run-events topic (key: run id) for everything else. Announcing never fails a run.
 */
@ApplicationScoped
public class RunEvents {
    private static final Logger LOG = Logger.getLogger(RunEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    BarrageConfig config;

    @Inject
    Event<RunEvent> cdi;

    @Inject
    dev.barrage.controlplane.kafka.KafkaClients clients;

    private KafkaProducer<String, byte[]> producer;

    @PostConstruct
    void connect() {
        Properties p = clients.properties("barrage-control-plane-events");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(String type, Run run, RunReport report) {
        RunEvent event = of(type, run, report);
        try {
            cdi.fireAsync(event);
            producer.send(new ProducerRecord<>(config.kafka().eventsTopic(), run.id.toString(), JSON.writeValueAsBytes(event)),
                    (meta, error) -> {
                        if (error != null) {
                            LOG.warnf("could not publish %s of run %s: %s", type, run.id, error.getMessage());
                        }
                    });
        } catch (Exception e) {
            LOG.warnf("could not announce %s of run %s: %s", type, run.id, e.getMessage());
        }
    }

    static RunEvent of(String type, Run run, RunReport report) {
        RunEvent.Summary summary = null;
        if (report != null) {
            EndpointRow a = report.aggregated();
            summary = new RunEvent.Summary(a.requests(), a.failures(), a.failRatio(), a.rps(), a.percentile("50%"),
                    a.percentile("95%"), a.percentile("99%"), a.avgMillis(), a.maxMillis());
        }
        RunEvent.Git git = run.gitRepository == null && run.gitCommit == null ? null
                : new RunEvent.Git(run.gitRepository, run.gitBranch, run.gitCommit, run.gitPullRequest);
        List<String> tags = run.tags == null || run.tags.isEmpty() ? List.of() : Arrays.asList(run.tags.split(","));
        boolean judged = report != null && (type.equals("run.finished") || type.equals("run.stopped"));
        return new RunEvent(type, run.id, run.accountId, run.projectId, run.status, run.statusReason, run.targetHost,
                run.users, tags, git, summary, OffsetDateTime.now(), judged ? !report.thresholdFailed() : null,
                judged ? report.thresholds() : List.of(),
                dev.barrage.controlplane.compare.BaselineJudge.parse(run.baselineVerdict));
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
