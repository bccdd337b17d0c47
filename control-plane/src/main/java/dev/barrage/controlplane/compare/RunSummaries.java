package dev.barrage.controlplane.compare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.runner.report.EndpointRow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Loads runs that have a final report with their statistics rows only: PostgreSQL cuts the rows out of the stored
 * report, so a project's history of long runs does not bring their time series along.
 */
@ApplicationScoped
public class RunSummaries {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final String SELECT = """
            select r.id, r.project_id, s.name, v.version, r.status, r.target_host, r.users, r.tags, r.git_branch,
                   r.git_commit, r.started_at, r.ended_at, (r.report -> 'endpoints')::text, (r.report -> 'aggregated')::text
            from runs r join scenario_versions v on v.id = r.scenario_version_id join scenarios s on s.id = v.scenario_id
            where r.account_id = :account and r.report is not null and r.status in ('finished', 'stopped', 'failed')
            """;

    @Inject
    EntityManager em;

    /** The given runs the caller may see, in the order asked for; runs without a final report are left out. */
    public List<RunSummary> of(Caller caller, Collection<UUID> ids) {
        List<RunSummary> found = query(caller, SELECT + " and r.id in (:ids)", ids, null, 0);
        List<RunSummary> ordered = new ArrayList<>();
        for (UUID id : ids) {
            found.stream().filter(s -> s.id().equals(id)).findFirst().ifPresent(ordered::add);
        }
        return ordered;
    }

    /** A project's newest finished or stopped runs with a report, oldest first, optionally only those of a branch. */
    public List<RunSummary> history(Caller caller, UUID projectId, String branch, int limit) {
        String sql = SELECT + " and r.project_id = :project and r.status <> 'failed'" + (branch == null ? "" : " and r.git_branch = :branch")
                + " order by r.created_at desc";
        List<RunSummary> newestFirst = query(caller, sql, List.of(projectId), branch, limit);
        return newestFirst.reversed();
    }

    @SuppressWarnings("unchecked")
    private List<RunSummary> query(Caller caller, String sql, Collection<UUID> ids, String branch, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql).setParameter("account", caller.accountId());
            if (sql.contains(":ids")) {
                q.setParameter("ids", ids);
            } else {
                q.setParameter("project", ids.iterator().next());
            }
            if (branch != null) {
                q.setParameter("branch", branch);
            }
            if (limit > 0) {
                q.setMaxResults(limit);
            }
            List<Object[]> rows = q.getResultList();
            return rows.stream().map(RunSummaries::summary)
                    .filter(s -> caller.canSee(caller.accountId(), s.projectId())).toList();
        });
    }

    private static RunSummary summary(Object[] c) {
        String tags = (String) c[7];
        return new RunSummary((UUID) c[0], (UUID) c[1], (String) c[2], ((Number) c[3]).intValue(), (String) c[4],
                (String) c[5], ((Number) c[6]).intValue(),
                tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                (String) c[8], (String) c[9], time(c[10]), time(c[11]), rows((String) c[12]), row((String) c[13]));
    }

    private static OffsetDateTime time(Object o) {
        return switch (o) {
            case null -> null;
            case OffsetDateTime t -> t;
            case java.time.Instant i -> i.atOffset(java.time.ZoneOffset.UTC);
            case java.sql.Timestamp t -> t.toInstant().atOffset(java.time.ZoneOffset.UTC);
            default -> throw new IllegalStateException("a time column came back as " + o.getClass());
        };
    }

    static List<EndpointRow> rows(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<EndpointRow>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("a stored report's rows do not parse", e);
        }
    }

    static EndpointRow row(String json) {
        try {
            return json == null ? null : JSON.readValue(json, EndpointRow.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored report's aggregated row does not parse", e);
        }
    }
}
