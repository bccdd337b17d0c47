package dev.barrage.controlplane.quotas;

import dev.barrage.controlplane.accounts.Account;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * What the platform's operators do: change an account's plan (and an enterprise account's allowance). Authorised by
 * the operator token from configuration; without one configured, the endpoint does not exist.
 */
@PermitAll
@Path("/operator-api/accounts/{accountId}/plan")
public class OperatorResource {
    public static final String TOKEN_HEADER = "X-Barrage-Operator-Token";

    @jakarta.inject.Inject
    dev.barrage.controlplane.BarrageConfig config;

    public record PlanChange(String plan, BigDecimal vuHoursPerMonth) {}

    @PUT
    @Transactional
    public UsageResource.PlanView change(@PathParam("accountId") UUID accountId, @HeaderParam(TOKEN_HEADER) String token,
            PlanChange change) {
        Optional<String> operatorToken = config.operator().token();
        if (operatorToken.isEmpty() || token == null
                || !Hashes.sameHash(Hashes.sha256(operatorToken.get()), token)) {
            throw ProblemException.notFound("this endpoint");
        }
        Account account = Account.findById(accountId);
        if (account == null) {
            throw ProblemException.notFound("account " + accountId);
        }
        Plan plan = change == null || change.plan() == null ? null : Plan.findById(change.plan());
        if (plan == null) {
            throw ProblemException.badRequest("plan must be one of free, premium, enterprise").with("field", "plan");
        }
        if (change.vuHoursPerMonth() != null && change.vuHoursPerMonth().signum() < 0) {
            throw ProblemException.badRequest("vuHoursPerMonth must be zero or more").with("field", "vuHoursPerMonth");
        }
        account.plan = plan.id;
        account.vuHoursPerMonth = change.vuHoursPerMonth();
        return new UsageResource.PlanView(plan.id, plan.name,
                plan.vuHoursPerMonth != null ? plan.vuHoursPerMonth : account.vuHoursPerMonth, plan.maxUsersPerRun,
                plan.maxConcurrentRuns, plan.maxRunSeconds, plan.maxRunners);
    }
}
