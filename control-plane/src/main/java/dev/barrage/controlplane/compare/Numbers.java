package dev.barrage.controlplane.compare;

import dev.barrage.runner.report.EndpointRow;

/** The numbers of one endpoint (or of every request together) in one run's final report. */
public record Numbers(long requests, long failures, double failRatio, double rps, double medianMillis, double p95Millis,
        double p99Millis, double avgMillis, double maxMillis) {

    static Numbers of(EndpointRow row) {
        return new Numbers(row.requests(), row.failures(), row.failRatio(), row.rps(), row.medianMillis(),
                row.percentile("95%"), row.percentile("99%"), row.avgMillis(), row.maxMillis());
    }
}
