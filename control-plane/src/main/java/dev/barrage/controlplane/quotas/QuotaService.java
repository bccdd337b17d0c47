package dev.barrage.controlplane.quotas;

import dev.barrage.controlplane.accounts.Account;
import dev.barrage.controlplane.runs.Run;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Plans and the VU-hour balance. A run holds its {@link RunCost} up front (users × duration, a shape's stages
 * integrated, an open model's maxUsers bound) and must fit the balance and the plan before it starts; the check holds the account's row lock, so two starts at
 * once cannot both take the last VU-hours.
 */
@ApplicationScoped
public class QuotaService {
    static final List<String> ACTIVE = List.of("starting", "running", "stopping");
    private final Clock clock = Clock.systemUTC();

    public static LocalDate monthOf(java.time.Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }

    public LocalDate currentMonth() {
        return monthOf(clock.instant());
    }

    /**
     * Why a run would be refused: the problem its start answers, 402 (VU-hours; {@code requested} and {@code limit} in
     * VU-hours) or 409 (a plan limit named by {@code field}).
     */
    public record Refusal(int status, String title, String field, Object requested, Object limit, String detail) {}

    /** What a run would cost, what is left, and every reason it would be refused now (none: it would start). */
    public record Verdict(RunCost cost, Balance balance, List<Refusal> refusals) {}

    /**
     * Checks a run against the plan and the balance and, when it fits, lets the caller hold its cost. Must run inside a
     * transaction: it locks the account row until that transaction ends.
     */
    public Balance lockAndCheck(UUID accountId, RunCost cost, long durationSeconds, int runners) {
        Account account = Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        Verdict verdict = verdict(account, cost, durationSeconds, runners);
        if (!verdict.refusals().isEmpty()) {
            throw problem(verdict.refusals().getFirst(), verdict.balance());
        }
        return verdict.balance();
    }

    /** The same checks as {@link #lockAndCheck}, without the lock and reporting every refusal: nothing is held. */
    public Verdict estimate(UUID accountId, RunCost cost, long durationSeconds, int runners) {
        return verdict(Account.findById(accountId), cost, durationSeconds, runners);
    }

    private Verdict verdict(Account account, RunCost cost, long durationSeconds, int runners) {
        Plan plan = Plan.findById(account.plan);
        List<Refusal> refusals = new java.util.ArrayList<>();
        int users = cost.peakUsers();
        if (users > plan.maxUsersPerRun) {
            refusals.add(limit("users", users, plan.maxUsersPerRun, "the " + plan.name + " plan allows "
                    + plan.maxUsersPerRun + " users per run; this run asks for " + users));
        }
        if (durationSeconds > plan.maxRunSeconds) {
            refusals.add(limit("durationSeconds", durationSeconds, plan.maxRunSeconds, "the " + plan.name
                    + " plan allows runs of " + plan.maxRunSeconds + " s at most; this run asks for " + durationSeconds
                    + " s"));
        }
        if (runners > plan.maxRunners) {
            refusals.add(limit("runners", runners, plan.maxRunners, "the " + plan.name + " plan allows "
                    + plan.maxRunners + " runners per run; this run asks for " + runners));
        }
        long active = Run.count("accountId = ?1 and status in ?2", account.id, ACTIVE);
        if (active >= plan.maxConcurrentRuns) {
            refusals.add(limit("concurrentRuns", active + 1, plan.maxConcurrentRuns, "the " + plan.name
                    + " plan allows " + plan.maxConcurrentRuns + " runs at once and " + active
                    + " are in progress; wait for one to end"));
        }
        Balance balance = balance(account, plan);
        long requested = cost.userMillis();
        if (requested > balance.remainingMillis()) {
            refusals.add(new Refusal(402, "VU-Hours Exhausted", "vuHours", VuHours.of(requested),
                    VuHours.of(balance.allowanceMillis()), "this run needs " + VuHours.of(requested) + " VU-hours ("
                    + cost.description() + ") but the account has "
                    + VuHours.of(Math.max(0, balance.remainingMillis())) + " left of its "
                    + VuHours.of(balance.allowanceMillis()) + " for " + balance.month() + " ("
                    + VuHours.of(balance.usedMillis()) + " used, " + VuHours.of(balance.reservedMillis())
                    + " held by runs in progress)"));
        }
        return new Verdict(cost, balance, List.copyOf(refusals));
    }

    private static ProblemException problem(Refusal r, Balance balance) {
        if (r.status() == 402) {
            return new ProblemException(402, r.title(), r.detail())
                    .with("requested", r.requested())
                    .with("remaining", VuHours.of(Math.max(0, balance.remainingMillis())))
                    .with("limit", r.limit())
                    .with("unit", "VU-hours");
        }
        return new ProblemException(r.status(), r.title(), r.detail()).with("field", r.field())
                .with("requested", r.requested()).with("limit", r.limit());
    }

    public Balance balance(UUID accountId) {
        Account account = Account.findById(accountId);
        return balance(account, Plan.findById(account.plan));
    }

    private Balance balance(Account account, Plan plan) {
        LocalDate month = currentMonth();
        long allowance = VuHours.toMillis(plan.vuHoursPerMonth != null ? plan.vuHoursPerMonth
                : account.vuHoursPerMonth != null ? account.vuHoursPerMonth : java.math.BigDecimal.ZERO);
        Long used = UsageEntry.getEntityManager()
                .createQuery("select coalesce(sum(u.vuMillis), 0) from UsageEntry u where u.accountId = :a and u.month = :m",
                        Long.class)
                .setParameter("a", account.id).setParameter("m", month).getSingleResult();
        Long reserved = Run.getEntityManager()
                .createQuery("select coalesce(sum(case when r.reservedVuMillis > r.meteredVuMillis"
                        + " then r.reservedVuMillis - r.meteredVuMillis else 0 end), 0)"
                        + " from Run r where r.accountId = :a and r.status in :active", Long.class)
                .setParameter("a", account.id).setParameter("active", ACTIVE).getSingleResult();
        return new Balance(plan, month, allowance, used, reserved);
    }

    private static Refusal limit(String field, long requested, long limit, String detail) {
        return new Refusal(409, "Plan Limit", field, requested, limit, detail);
    }
}
