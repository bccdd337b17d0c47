package dev.barrage.controlplane.quotas;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.runs.Run;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The account's plan, this month's use and balance, and what each run used. */
@Authenticated
@Path("/api/usage")
public class UsageResource {
    @Inject
    CallerResolver callers;

    @Inject
    QuotaService quotas;

    @Inject
    UsageMeter meter;

    public record PlanView(String id, String name, BigDecimal vuHoursPerMonth, int maxUsersPerRun,
            int maxConcurrentRuns, long maxRunSeconds, int maxRunners) {}

    public record RunUsage(UUID runId, String status, BigDecimal vuHours, BigDecimal reservedVuHours) {}

    public record UsageView(PlanView plan, LocalDate month, BigDecimal allowanceVuHours, BigDecimal usedVuHours,
            BigDecimal reservedVuHours, BigDecimal remainingVuHours, List<RunUsage> runs) {}

    @GET
    public UsageView usage() {
        Caller caller = callers.caller();
        caller.requirePerson("seeing usage");
        caller.require(Role.ADMIN, "seeing usage and the plan");
        Balance b = quotas.balance(caller.accountId());
        Plan p = b.plan();
        List<RunUsage> runs = UsageEntry.getEntityManager()
                .createQuery("select u.runId, sum(u.vuMillis) from UsageEntry u where u.accountId = :a and u.month = :m"
                        + " group by u.runId", Object[].class)
                .setParameter("a", caller.accountId()).setParameter("m", b.month())
                .getResultList().stream().map(row -> {
                    Run r = Run.findById(row[0]);
                    return new RunUsage((UUID) row[0], r.status, VuHours.of((Long) row[1]), VuHours.of(r.reservedVuMillis));
                }).toList();
        return new UsageView(new PlanView(p.id, p.name, p.vuHoursPerMonth, p.maxUsersPerRun, p.maxConcurrentRuns,
                p.maxRunSeconds, p.maxRunners), b.month(), VuHours.of(b.allowanceMillis()), VuHours.of(b.usedMillis()),
                VuHours.of(b.reservedMillis()), VuHours.of(b.remainingMillis()), runs);
    }
}
