package dev.barrage.controlplane.integrations;

import java.util.Locale;

/** The services a project can send its runs' results to. */
public enum IntegrationKind {
    SLACK("Slack"), DATADOG("Datadog"), GITHUB("GitHub");

    private final String title;

    IntegrationKind(String title) {
        this.title = title;
    }

    /** As stored and as in the API paths: slack, datadog, github. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    public static IntegrationKind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
