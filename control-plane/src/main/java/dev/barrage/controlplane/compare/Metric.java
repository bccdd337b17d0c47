package dev.barrage.controlplane.compare;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.barrage.runner.report.EndpointRow;
import java.util.function.ToDoubleFunction;

/** The numbers runs are compared on, and which way is better. */
public enum Metric {
    REQUESTS("requests", Better.NONE, Kind.COUNT, EndpointRow::requests),
    RPS("rps", Better.HIGHER, Kind.RATE, EndpointRow::rps),
    FAIL_RATIO("failRatio", Better.LOWER, Kind.RATIO, EndpointRow::failRatio),
    MEDIAN("medianMillis", Better.LOWER, Kind.MILLIS, EndpointRow::medianMillis),
    P95("p95Millis", Better.LOWER, Kind.MILLIS, r -> r.percentile("95%")),
    P99("p99Millis", Better.LOWER, Kind.MILLIS, r -> r.percentile("99%")),
    AVG("avgMillis", Better.LOWER, Kind.MILLIS, EndpointRow::avgMillis);

    public enum Better { LOWER, HIGHER, NONE }

    public enum Kind { COUNT, RATE, RATIO, MILLIS }

    private final String id;
    final Better better;
    final Kind kind;
    private final ToDoubleFunction<EndpointRow> read;

    Metric(String id, Better better, Kind kind, ToDoubleFunction<EndpointRow> read) {
        this.id = id;
        this.better = better;
        this.kind = kind;
        this.read = read;
    }

    @JsonValue
    public String id() {
        return id;
    }

    double of(EndpointRow row) {
        return read.applyAsDouble(row);
    }
}
