package dev.barrage.protocol;

import java.util.Comparator;
import java.util.Objects;

/** What statistics are grouped by: the request type (HTTP method, or a custom type like "redis") and its name. */
public record EndpointKey(String type, String name) implements Comparable<EndpointKey> {
    private static final Comparator<EndpointKey> ORDER =
            Comparator.comparing(EndpointKey::name).thenComparing(EndpointKey::type);

    public EndpointKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(EndpointKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return type + " " + name;
    }
}
