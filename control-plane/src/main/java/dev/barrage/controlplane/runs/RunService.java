package dev.barrage.controlplane.runs;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.launch.LaunchSpec;
import dev.barrage.controlplane.launch.PinnedTarget;
import dev.barrage.controlplane.launch.RunnerLauncher;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.quotas.QuotaService;
import dev.barrage.controlplane.quotas.RunCost;
import dev.barrage.controlplane.scenarios.Scenario;
import dev.barrage.controlplane.scenarios.ScenarioVersion;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import dev.barrage.controlplane.stats.RunAggregator;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.scenario.LoadProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Starting a run: checks everything that can be checked before any runner starts, stores it, launches runners. */
@ApplicationScoped
public class RunService {
    @Inject
    BarrageConfig config;

    @Inject
    RunnerLauncher launcher;

    @Inject
    RunAggregator aggregator;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    QuotaService quotas;

    @Inject
    dev.barrage.controlplane.targets.TargetPolicy targets;

    @Inject
    dev.barrage.controlplane.kafka.RunnerAccess runnerAccess;

    @Inject
    dev.barrage.controlplane.targets.TrialLimits trials;

    @Inject
    dev.barrage.controlplane.secrets.ProjectSecrets secrets;

    /** A run request with every field checked, and what it would cost. */
    record Checked(Project project, ScenarioVersion version, int users, double spawnRate, long seconds,
            long stopTimeout, int runners, List<String> tags, List<dev.barrage.runner.thresholds.Threshold> thresholds,
            java.util.Map<String, String> parameters, RunCost cost) {}

    /** What is checked before any run starts or is estimated: the same for both, so they cannot disagree. */
    Checked check(Caller caller, UUID projectId, RunRequest request, String what) {
        caller.requireScope(Caller.SCOPE_RUNS_WRITE, what);
        caller.require(Role.MEMBER, what);
        if (request == null) {
            throw ProblemException.badRequest("send the run as JSON: scenarioVersionId, host, users, spawnRate, duration");
        }
        Project project = QuarkusTransaction.requiringNew().call(() -> Project.owned(projectId, caller));
        if (request.scenarioVersionId() == null) {
            throw ProblemException.badRequest("scenarioVersionId is required: the version to run");
        }
        ScenarioVersion version = QuarkusTransaction.requiringNew().call(() -> {
            ScenarioVersion v = ScenarioVersion.findById(request.scenarioVersionId());
            Scenario s = v == null ? null : Scenario.findById(v.scenarioId);
            if (s == null || !s.projectId.equals(project.id)) {
                throw ProblemException.notFound("scenario version " + request.scenarioVersionId());
            }
            return v;
        });
        int users = request.users() == null ? 0 : request.users();
        if (users < 1) {
            throw ProblemException.badRequest("users must be 1 or more, got " + users).with("field", "users");
        }
        double spawnRate = request.spawnRate() == null ? 1 : request.spawnRate();
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw ProblemException.badRequest("spawnRate must be a positive number of users per second")
                    .with("field", "spawnRate");
        }
        long seconds = TimeSpans.seconds(request.duration());
        if (seconds <= 0) {
            throw ProblemException.badRequest("duration must be a time span such as 30s, 5m or 1h30m, got '"
                    + request.duration() + "'").with("field", "duration");
        }
        long stopTimeout = request.stopTimeout() == null ? 0 : TimeSpans.seconds(request.stopTimeout());
        if (stopTimeout < 0) {
            throw ProblemException.badRequest("stopTimeout must be a time span such as 10s, got '"
                    + request.stopTimeout() + "'").with("field", "stopTimeout");
        }
        int runners = request.runners() == null ? 1 : request.runners();
        if (runners < 1 || runners > config.limits().maxRunners()) {
            throw ProblemException.badRequest("runners must be between 1 and " + config.limits().maxRunners()
                    + ", got " + runners).with("field", "runners");
        }
        List<String> tags = request.tags() == null ? List.of() : request.tags().stream().map(String::trim)
                .filter(t -> !t.isEmpty()).toList();
        if (tags.stream().anyMatch(t -> t.contains(",") || t.length() > 50)) {
            throw ProblemException.badRequest("tags have at most 50 characters and no commas").with("field", "tags");
        }
        List<dev.barrage.runner.thresholds.Threshold> thresholds = ReportThresholds.parse(request.thresholds());
        java.util.Map<String, String> parameters = RunParameters.check(request.parameters(), secrets.names(project.id));
        RunCost cost = RunCost.of(LoadProfile.parse(version.loadProfile), users, seconds);
        return new Checked(project, version, users, spawnRate, seconds, stopTimeout, runners, tags, thresholds,
                parameters, cost);
    }

    /**
     * What starting this run would cost and whether it would be refused, without starting anything or holding
     * anything. The targets are resolved, not contacted.
     */
    public QuotaService.Verdict estimate(Caller caller, UUID projectId, RunRequest request) {
        Checked c = check(caller, projectId, request, "estimating a run");
        URI host = syntacticHost(request.host());
        List<HostPort> extra = extraTargets(request.targets());
        QuotaService.Verdict verdict = QuarkusTransaction.requiringNew().call(() ->
                quotas.estimate(caller.accountId(), c.cost(), c.seconds(), c.runners()));
        // the start would also refuse a target this account may not load: say so before, not after
        List<QuotaService.Refusal> refusals = new java.util.ArrayList<>(verdict.refusals());
        List<String> trialHosts = new java.util.ArrayList<>();
        List<HostPort> all = new java.util.ArrayList<>(List.of(HostPort.of(host)));
        all.addAll(extra);
        for (int i = 0; i < all.size(); i++) {
            String field = i == 0 ? "host" : "targets";
            try {
                PinnedTarget pinned = pin(all.get(i), field);
                if (targets.requireAllowed(caller.accountId(), pinned, field, Math.max(c.users(), c.cost().peakUsers()),
                        c.seconds())) {
                    trialHosts.add(normalisedHost(pinned));
                }
            } catch (ProblemException refused) {
                // a host that does not resolve yet is refused too: a start now would refuse it (a dry run made before
                // the target is deployed still gets its price; only wouldStart says "not now")
                refusals.add(refusal(refused, field));
            }
        }
        QuarkusTransaction.requiringNew().call(() -> trials.refusal(caller.accountId(), trialHosts))
                .ifPresent(refused -> refusals.add(refusal(refused, "host")));
        return new QuotaService.Verdict(verdict.cost(), verdict.balance(), List.copyOf(refusals));
    }

    private static QuotaService.Refusal refusal(ProblemException refused, String field) {
        Object value = refused.extensions().get("host");
        return new QuotaService.Refusal(refused.status(), refused.title(), field, value,
                refused.extensions().get("limit"), refused.getMessage());
    }

    public Run start(Caller caller, UUID projectId, RunRequest request) {
        Checked c = check(caller, projectId, request, "starting a run");
        Project project = c.project();
        ScenarioVersion version = c.version();
        int users = c.users();
        double spawnRate = c.spawnRate();
        long seconds = c.seconds();
        long stopTimeout = c.stopTimeout();
        int runners = c.runners();
        List<String> tags = c.tags();
        List<dev.barrage.runner.thresholds.Threshold> thresholds = c.thresholds();
        URI host = syntacticHost(request.host());
        List<HostPort> extra = extraTargets(request.targets());
        // resolved once, here: the policy judges these addresses, the probe and the runners use them, and no runner
        // resolves the names again (a DNS answer changed after this moment moves nothing)
        List<PinnedTarget> pinned = new java.util.ArrayList<>(List.of(pin(HostPort.of(host), "host")));
        for (HostPort t : extra) {
            pinned.add(pin(t, "targets"));
        }
        pinned = List.copyOf(pinned);
        // who may be load-tested before whether it answers: a refused host is not even contacted
        List<String> trialHosts = new java.util.ArrayList<>();
        for (int i = 0; i < pinned.size(); i++) {
            if (targets.requireAllowed(caller.accountId(), pinned.get(i), i == 0 ? "host" : "targets",
                    Math.max(users, c.cost().peakUsers()), seconds)) {
                trialHosts.add(normalisedHost(pinned.get(i)));
            }
        }
        QuarkusTransaction.requiringNew().call(() -> trials.refusal(caller.accountId(), trialHosts)).ifPresent(refused -> {
            throw refused;
        });
        for (int i = 0; i < pinned.size(); i++) {
            requireReachable(pinned.get(i), i == 0 ? "host" : "targets");
        }
        List<PinnedTarget> launchTargets = pinned;

        String token = Hashes.randomToken();
        Run run = QuarkusTransaction.requiringNew().call(() -> {
            // checked and reserved under the account's row lock: concurrent starts cannot both take the last VU-hours
            quotas.lockAndCheck(caller.accountId(), c.cost(), seconds, runners);
            Run r = new Run();
            r.id = UUID.randomUUID();
            trials.take(caller.accountId(), trialHosts, r.id);
            r.accountId = caller.accountId();
            r.projectId = project.id;
            r.scenarioVersionId = version.id;
            r.status = RunStatus.STARTING.id();
            r.targetHost = host.toString();
            r.users = users;
            r.spawnRate = spawnRate;
            r.durationSeconds = seconds;
            r.stopTimeoutSeconds = stopTimeout;
            r.reservedVuMillis = c.cost().userMillis(); // the figure the estimate reports
            r.runners = runners;
            r.tags = String.join(",", tags);
            r.thresholds = ReportThresholds.store(thresholds);
            r.parameters = RunParameters.store(c.parameters());
            if (request.git() != null) {
                r.gitRepository = request.git().repository();
                r.gitBranch = request.git().branch();
                r.gitCommit = request.git().commit();
                r.gitPullRequest = request.git().pullRequest();
            }
            r.runTokenHash = Hashes.sha256(token);
            r.createdBy = caller.subject();
            r.createdAt = OffsetDateTime.now();
            r.persist();
            for (int i = 0; i < runners; i++) {
                RunRunner rr = new RunRunner();
                rr.runId = r.id;
                rr.runnerIndex = i;
                rr.runnerId = r.id + "-r" + i;
                rr.status = "launching";
                rr.lastSequence = -1;
                rr.updatedAt = r.createdAt;
                rr.persist();
            }
            return r;
        });
        long created = run.createdAt.toInstant().toEpochMilli(); // the statistics start later, with the load
        String scenarioName = QuarkusTransaction.requiringNew().call(version::shownName);
        aggregator.open(run.id, new RunReport.RunInfo(scenarioName, run.targetHost, users, spawnRate,
                created, created, 0), runners, thresholds);
        try {
            launcher.launch(new LaunchSpec(run.id, runners, token,
                    config.publicUrl() + "/runner-api/runs/" + run.id + "/scenario", run.targetHost, stopTimeout,
                    config.kafka().bootstrap(), config.kafka().reportsTopic(), config.kafka().controlTopic(),
                    launchTargets, runnerAccess.grant(run.id)));
        } catch (RuntimeException e) {
            lifecycle.fail(run.id, "could not launch runners: " + e.getMessage());
        }
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(run.id));
    }

    /** An http(s) URL with a host; whether it answers is not asked. */
    static URI syntacticHost(String text) {
        URI uri;
        try {
            uri = URI.create(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("host must be a URL such as http://127.0.0.1:8099").with("field", "host");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw ProblemException.badRequest("host must be an http:// or https:// URL with a host, got '" + text + "'")
                    .with("field", "host");
        }
        return uri;
    }

    /** A host and port a run names, before it is resolved. */
    record HostPort(String host, int port) {
        static HostPort of(URI url) {
            return new HostPort(url.getHost(), url.getPort() != -1 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80);
        }
    }

    /** {@code targets}: {@code scheme://host:port} or {@code host:port}, the port always given. */
    static List<HostPort> extraTargets(List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        if (texts.size() > 20) {
            throw ProblemException.badRequest("a run may name at most 20 targets besides its host, got " + texts.size())
                    .with("field", "targets");
        }
        List<HostPort> targets = new java.util.ArrayList<>();
        for (String text : texts) {
            String t = text == null ? "" : text.trim();
            URI uri;
            try {
                uri = URI.create(t.contains("://") ? t : "tcp://" + t);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || uri.getPort() < 1
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
                throw ProblemException.badRequest("each of targets must be host:port or scheme://host:port, such as"
                        + " redis://cache.example.com:6379, got '" + text + "'").with("field", "targets");
            }
            targets.add(new HostPort(uri.getHost(), uri.getPort()));
        }
        return List.copyOf(targets);
    }

    /** The one resolution of a run's target. */
    static PinnedTarget pin(HostPort target, String field) {
        try {
            return PinnedTarget.resolve(target.host(), target.port());
        } catch (java.net.UnknownHostException e) {
            throw new ProblemException(422, "Target Unreachable", "the target host "
                    + dev.barrage.controlplane.targets.TargetPolicy.hostName(target.host()) + " does not resolve").with("field", field);
        }
    }

    private static String normalisedHost(PinnedTarget t) {
        return dev.barrage.controlplane.targets.TargetPolicy.hostName(t.host());
    }

    /**
     * A run against nothing would only count errors: the target must accept a connection now, at one of its pinned
     * addresses. The answer is only that: why a connection failed, seen from inside the platform's network, is none of
     * the caller's business (it would map the platform's network for them).
     */
    static void requireReachable(PinnedTarget target, String field) {
        for (String address : target.addresses()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(java.net.InetAddress.getByName(address), target.port()), 3000);
                return;
            } catch (IOException e) {
                // the next address, if any
            }
        }
        String hostPort = (target.host().contains(":") ? "[" + target.host() + "]" : target.host()) + ":" + target.port();
        throw new ProblemException(422, "Target Unreachable", "the target " + hostPort + " is not reachable: start it,"
                + " or check the host and port").with("field", field).with("reachable", false);
    }

}
