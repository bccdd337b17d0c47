package dev.barrage.protocol;

import java.util.Comparator;

/** Failures are counted per endpoint and message, like Locust's error report. */
public record ErrorKey(String type, String name, String error) implements Comparable<ErrorKey> {
    private static final Comparator<ErrorKey> ORDER = Comparator.comparing(ErrorKey::name)
            .thenComparing(ErrorKey::type)
            .thenComparing(ErrorKey::error);

    @Override
    public int compareTo(ErrorKey other) {
        return ORDER.compare(this, other);
    }
}
