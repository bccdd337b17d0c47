package dev.barrage.controlplane.integrations;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.events.RunEvent;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.runs.Run;
import dev.barrage.controlplane.scenarios.ScenarioVersion;
import dev.barrage.runner.report.RunReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns run events into deliveries for the project's integrations. It only writes them down (the
 * {@link DeliveryWorker} sends them), so a slow or broken Slack, Datadog or GitHub never holds up a run, and nothing
 * here can fail one.
 */
@ApplicationScoped
public class IntegrationDispatcher {
    private static final Logger LOG = Logger.getLogger(IntegrationDispatcher.class);

    @Inject
    IntegrationSettings settings;

    @Inject
    DeliveryQueue queue;

    @Inject
    BarrageConfig config;

    /** Runs whose end was handled: a start event that arrives after it (both are asynchronous) is ignored. */
    private final Set<UUID> ended = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    void on(@ObservesAsync RunEvent event) {
        try {
            handle(event);
        } catch (RuntimeException e) {
            LOG.warnf(e, "integrations: could not handle %s of run %s", event.type(), event.runId());
        }
    }

    /** One event at a time, so a run's deliveries are written in the order of its events. */
    synchronized void handle(RunEvent event) {
        boolean isEnd = !event.type().equals("run.started");
        if (!isEnd && ended.contains(event.runId())) {
            return;
        }
        if (isEnd) {
            ended.add(event.runId());
        }
        List<IntegrationSetting> configured = QuarkusTransaction.requiringNew().call(() ->
                IntegrationSetting.ofProject(event.projectId()));
        if (configured.isEmpty()) {
            return;
        }
        RunContext run = context(event);
        List<Delivery> planned = new ArrayList<>();
        for (IntegrationSetting s : configured) {
            try {
                for (Channel.Planned p : settings.channel(s.kind()).plan(run, s)) {
                    planned.add(DeliveryQueue.delivery(event, event.type(), s.kind(), p));
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "integrations: %s could not plan %s of run %s", s.kind, event.type(), event.runId());
            }
        }
        queue.add(planned);
    }

    private RunContext context(RunEvent event) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(event.runId());
            Project project = Project.findById(event.projectId());
            ScenarioVersion version = run == null ? null : ScenarioVersion.findById(run.scenarioVersionId);
            RunReport report = null;
            if (!event.type().equals("run.started") && run != null && run.report != null) {
                try {
                    report = IntegrationSettings.JSON.readValue(run.report, RunReport.class);
                } catch (IOException e) {
                    LOG.warnf("integrations: the report of run %s does not parse: %s", event.runId(), e.getMessage());
                }
            }
            return new RunContext(event, project == null ? "?" : project.name,
                    version == null ? "?" : version.shownName(), run == null ? 0 : run.durationSeconds, report,
                    config.publicUrl() + "/runs/" + event.runId());
        });
    }
}
