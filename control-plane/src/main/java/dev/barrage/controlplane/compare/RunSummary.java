package dev.barrage.controlplane.compare;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.barrage.runner.report.EndpointRow;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A run as comparisons show it, with its report's rows (not shown: the aligned numbers are). */
public record RunSummary(
        UUID id,
        UUID projectId,
        String scenario,
        int scenarioVersion,
        String status,
        String host,
        int users,
        List<String> tags,
        String branch,
        String commit,
        OffsetDateTime startedAt,
        OffsetDateTime endedAt,
        @JsonIgnore List<EndpointRow> endpoints,
        @JsonIgnore EndpointRow aggregated) {

    /** The endpoint's row by "TYPE name", or null. */
    EndpointRow row(String key) {
        for (EndpointRow r : endpoints) {
            if (Comparison.key(r).equals(key)) {
                return r;
            }
        }
        return null;
    }
}
