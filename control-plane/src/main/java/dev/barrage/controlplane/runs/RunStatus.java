package dev.barrage.controlplane.runs;

import java.util.Locale;

/** Where a run is: runners launching, load running, then one of three ends. */
public enum RunStatus {
    STARTING, RUNNING, STOPPING, FINISHED, STOPPED, FAILED;

    public boolean ended() {
        return this == FINISHED || this == STOPPED || this == FAILED;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
