package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.quotas.Balance;
import dev.barrage.controlplane.quotas.Plan;
import dev.barrage.controlplane.quotas.QuotaService;
import dev.barrage.controlplane.quotas.VuHours;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code POST /api/projects/{projectId}/runs/estimate}: the VU-hours starting the run would hold (the
 * very figure its start holds), how they were computed, the balance before and after, the plan's limits, and every
 * reason the start would be refused now.
 *
 * @param basis {@code users} (users × duration), {@code stages} (a load shape's stages integrated),
 *        {@code arrivalRate} (an open model's maxUsers × its length), {@code tickShape} or {@code unknown} (the
 *        request's users × duration, when the curve cannot be known before the run)
 * @param wouldStart true when nothing in {@code refusals}
 */
public record RunEstimate(BigDecimal requestedVuHours, long requestedVuMillis, String basis, String description,
        int peakUsers, double chargedSeconds, List<StageView> stages, LocalDate month, BigDecimal allowanceVuHours,
        BigDecimal usedVuHours, BigDecimal reservedVuHours, BigDecimal remainingVuHours,
        BigDecimal remainingAfterVuHours, PlanLimits plan, boolean wouldStart, List<QuotaService.Refusal> refusals) {

    /** A stage as the scenario lists it: seconds and users with spawn rate, or seconds and an arrival rate target. */
    public record StageView(double seconds, Integer users, Double spawnRate, Double target) {}

    public record PlanLimits(String id, String name, BigDecimal vuHoursPerMonth, int maxUsersPerRun,
            int maxConcurrentRuns, long maxRunSeconds, int maxRunners) {}

    static RunEstimate of(QuotaService.Verdict v) {
        Balance b = v.balance();
        Plan p = b.plan();
        boolean arrival = v.cost().basis().equals("arrivalRate");
        List<StageView> stages = v.cost().stages().stream().map(s -> arrival
                ? new StageView(s.seconds(), null, null, s.rate())
                : new StageView(s.seconds(), s.users(), s.rate(), null)).toList();
        long millis = v.cost().userMillis();
        return new RunEstimate(VuHours.of(millis), millis, v.cost().basis(), v.cost().description(),
                v.cost().peakUsers(), v.cost().seconds(), stages, b.month(), VuHours.of(b.allowanceMillis()),
                VuHours.of(b.usedMillis()), VuHours.of(b.reservedMillis()), VuHours.of(Math.max(0, b.remainingMillis())),
                VuHours.of(b.remainingMillis() - millis),
                new PlanLimits(p.id, p.name, p.vuHoursPerMonth, p.maxUsersPerRun, p.maxConcurrentRuns, p.maxRunSeconds,
                        p.maxRunners),
                v.refusals().isEmpty(), v.refusals());
    }
}
