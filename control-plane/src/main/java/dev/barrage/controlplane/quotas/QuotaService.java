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
 * Plans and the VU-hour balance. A run is charged users × duration up front (a shape or open model by its most users)
 * and must fit the balance and the plan before it starts; the check holds the account's row lock, so two starts at
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

    /** Must run inside a transaction: it locks the account row until that transaction ends. */
    public Balance lockAndCheck(UUID accountId, int users, long durationSeconds, int runners) {
        Account account = Account.findById(accountId, LockModeType.PESSIMISTIC_WRITE);
        Plan plan = Plan.findById(account.plan);
        if (users > plan.maxUsersPerRun) {
            throw limit("users", users, plan.maxUsersPerRun, "the " + plan.name + " plan allows " + plan.maxUsersPerRun
                    + " users per run; this run asks for " + users);
        }
        if (durationSeconds > plan.maxRunSeconds) {
            throw limit("durationSeconds", durationSeconds, plan.maxRunSeconds, "the " + plan.name + " plan allows runs of "
                    + plan.maxRunSeconds + " s at most; this run asks for " + durationSeconds + " s");
        }
        if (runners > plan.maxRunners) {
            throw limit("runners", runners, plan.maxRunners, "the " + plan.name + " plan allows " + plan.maxRunners
                    + " runners per run; this run asks for " + runners);
        }
        long active = Run.count("accountId = ?1 and status in ?2", accountId, ACTIVE);
        if (active >= plan.maxConcurrentRuns) {
            throw limit("concurrentRuns", active + 1, plan.maxConcurrentRuns, "the " + plan.name + " plan allows "
                    + plan.maxConcurrentRuns + " runs at once and " + active + " are in progress; wait for one to end");
        }
        Balance balance = balance(account, plan);
        long requested = Math.multiplyExact((long) users, durationSeconds) * 1000;
        if (requested > balance.remainingMillis()) {
            throw new ProblemException(402, "VU-Hours Exhausted", "this run needs " + VuHours.of(requested)
                    + " VU-hours (" + users + " users for " + durationSeconds + " s) but the account has "
                    + VuHours.of(Math.max(0, balance.remainingMillis())) + " left of its " + VuHours.of(balance.allowanceMillis())
                    + " for " + balance.month() + " (" + VuHours.of(balance.usedMillis()) + " used, "
                    + VuHours.of(balance.reservedMillis()) + " held by runs in progress)")
                    .with("requested", VuHours.of(requested))
                    .with("remaining", VuHours.of(Math.max(0, balance.remainingMillis())))
                    .with("limit", VuHours.of(balance.allowanceMillis()))
                    .with("unit", "VU-hours");
        }
        return balance;
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

    private static ProblemException limit(String field, long requested, long limit, String detail) {
        return new ProblemException(409, "Plan Limit", detail).with("field", field).with("requested", requested)
                .with("limit", limit);
    }
}
