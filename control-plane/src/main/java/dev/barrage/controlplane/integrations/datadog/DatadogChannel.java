package dev.barrage.controlplane.integrations.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.controlplane.integrations.Attempt;
import dev.barrage.controlplane.integrations.Channel;
import dev.barrage.controlplane.integrations.IntegrationKind;
import dev.barrage.controlplane.integrations.IntegrationSetting;
import dev.barrage.controlplane.integrations.IntegrationSettings;
import dev.barrage.controlplane.integrations.OutboundHttp;
import dev.barrage.controlplane.integrations.RetryPolicy;
import dev.barrage.controlplane.integrations.RunContext;
import dev.barrage.protocol.stats.HistoryRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Datadog: the run's time series while it runs (through {@link DatadogMetricsFeed}), what remains of it and an event
 * with the result when it ends. Points carry their own timestamps, so series batches need no order among themselves.
 */
@ApplicationScoped
public class DatadogChannel implements Channel {
    static final String SERIES = "series";
    static final String EVENT = "event";

    @Inject
    OutboundHttp http;

    @Inject
    DatadogMetricsFeed feed;

    @Override
    public IntegrationKind kind() {
        return IntegrationKind.DATADOG;
    }

    @Override
    public List<Planned> plan(RunContext run, IntegrationSetting setting) {
        if (!run.ended()) {
            feed.follow(run);
            return List.of();
        }
        long sent = feed.finish(run.event().runId());
        List<Planned> planned = new ArrayList<>();
        if (run.report() != null) {
            List<HistoryRow> rest = DatadogMetricsFeed.rowsAfter(run.report(), sent);
            if (!rest.isEmpty()) {
                planned.add(Planned.send(SERIES, seriesKey(run.event().runId(), rest),
                        DatadogPayloads.series(rest, DatadogPayloads.runTags(run))));
            }
        }
        planned.add(Planned.send(EVENT, "datadog:event:" + run.event().runId(), DatadogPayloads.event(run)));
        return planned;
    }

    /** Each batch its own key: batches go out side by side. */
    static String seriesKey(UUID runId, List<HistoryRow> rows) {
        return "datadog:series:" + runId + ":" + rows.getFirst().epochMillis();
    }

    @Override
    public Attempt deliver(String action, JsonNode payload, IntegrationSetting setting, String apiKey) {
        DatadogSettings s = IntegrationSettings.config(setting, DatadogSettings.class);
        return switch (action) {
            case SERIES -> call(s, apiKey, "POST", "/api/v2/series", payload.toString());
            case EVENT -> call(s, apiKey, "POST", "/api/v1/events", payload.toString());
            default -> Attempt.failed(null, "unknown Datadog action " + action);
        };
    }

    /** Datadog's key check: GET /api/v1/validate answers {"valid": true} for a good key. */
    @Override
    public Attempt test(IntegrationSetting setting, String apiKey, String projectName) {
        DatadogSettings s = IntegrationSettings.config(setting, DatadogSettings.class);
        String what = "Datadog GET /api/v1/validate";
        try {
            return OutboundHttp.tested(send(s, apiKey, "GET", "/api/v1/validate", null), what);
        } catch (IOException e) {
            return OutboundHttp.unanswered(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.retry(null, what + ": interrupted", null);
        }
    }

    private OutboundHttp.Response send(DatadogSettings s, String apiKey, String method, String path, String json)
            throws IOException, InterruptedException {
        URI uri = URI.create(s.baseUrl() + path);
        http.requireHost(uri, DatadogSettings.apiHosts());
        return http.send(method, uri, Map.of("DD-API-KEY", apiKey, "Accept", "application/json"), json);
    }

    private Attempt call(DatadogSettings s, String apiKey, String method, String path, String json) {
        String what = "Datadog " + method + " " + path;
        try {
            OutboundHttp.Response r = send(s, apiKey, method, path, json);
            Attempt a = OutboundHttp.classify(r, what);
            if (r.status() == 429 && a.retryAfter() == null && r.header("X-RateLimit-Reset") != null) {
                // Datadog's rate limits say how many seconds remain in the period rather than Retry-After
                Duration reset = RetryPolicy.retryAfter(r.header("X-RateLimit-Reset"), Clock.systemUTC());
                return Attempt.retry(a.statusCode(), a.detail(), reset);
            }
            return a;
        } catch (IOException e) {
            return OutboundHttp.unanswered(e, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.retry(null, what + ": interrupted", null);
        }
    }
}
