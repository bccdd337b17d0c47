package dev.barrage.runner.cli;

import dev.barrage.runner.agent.AgentSettings;
import dev.barrage.runner.agent.RunnerAgent;
import dev.barrage.runner.agent.RunnerGuard;
import dev.barrage.runner.secrets.MaskingOutputStream;
import dev.barrage.runner.secrets.SecretMask;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How the control plane's launchers start a runner (a local process or a Kubernetes pod). Every option can also come
 * from the environment, which is how pods get them.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve one run of a control plane: fetch its scenario, follow its commands, report over Kafka.",
        footer = {"", "Exit codes: 0 the run ended, 1 it failed (reported over Kafka), 2 bad input, 3 the scenario took the",
                "memory, 4 the scenario broke a limit (time, threads, System.exit); the last line on stderr says why."})
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--run-id", required = true, defaultValue = "${env:BARRAGE_RUN_ID}")
    String runId;

    /** In an indexed Kubernetes Job the index comes from the Job controller's JOB_COMPLETION_INDEX. */
    @Option(names = "--runner-index", defaultValue = "${env:BARRAGE_RUNNER_INDEX:-${env:JOB_COMPLETION_INDEX:-0}}")
    int runnerIndex;

    @Option(names = "--runner-count", defaultValue = "${env:BARRAGE_RUNNER_COUNT:-1}")
    int runnerCount;

    @Option(names = "--kafka", required = true, defaultValue = "${env:BARRAGE_KAFKA_BOOTSTRAP}",
            description = "Kafka bootstrap servers.")
    String kafka;

    @Option(names = "--reports-topic", defaultValue = "${env:BARRAGE_REPORTS_TOPIC:-barrage.runner-reports}")
    String reportsTopic;

    @Option(names = "--control-topic", defaultValue = "${env:BARRAGE_CONTROL_TOPIC:-barrage.runner-control}")
    String controlTopic;

    @Option(names = "--kafka-security-protocol", defaultValue = "${env:BARRAGE_KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}",
            description = "SASL_PLAINTEXT, SASL_SSL, or PLAINTEXT for a broker without authentication.")
    String kafkaSecurityProtocol;

    @Option(names = "--kafka-sasl-mechanism", defaultValue = "${env:BARRAGE_KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}")
    String kafkaMechanism;

    /** The run's own Kafka credential; from the environment only, so that it never shows in a process list. */
    String kafkaUsername = System.getenv("BARRAGE_KAFKA_USERNAME");

    String kafkaPassword = System.getenv("BARRAGE_KAFKA_PASSWORD");

    /** The run's key (base64), which its records' MACs are made with; from the environment only. */
    String runKey = System.getenv("BARRAGE_RUN_KEY");

    @Option(names = "--scenario-url", required = true, defaultValue = "${env:BARRAGE_SCENARIO_URL}")
    URI scenarioUrl;

    @Option(names = "--token", required = true, defaultValue = "${env:BARRAGE_RUN_TOKEN}",
            description = "The run's short-lived credential for fetching the scenario.")
    String token;

    @Option(names = {"-H", "--host"}, required = true, defaultValue = "${env:BARRAGE_TARGET_HOST}")
    String host;

    @Option(names = "--pinned-targets", defaultValue = "${env:BARRAGE_PINNED_TARGETS:-}", paramLabel = "TARGETS",
            description = "The hosts and ports the run may reach with the addresses pinned for them, as the control "
                    + "plane passes them: 'name port address,address;...'. Nothing else is reachable by name.")
    String pinnedTargets;

    @Option(names = "--stop-timeout", converter = Durations.class, defaultValue = "${env:BARRAGE_STOP_TIMEOUT:-0}")
    Duration stopTimeout;

    @Option(names = "--wait-for-start", converter = Durations.class, defaultValue = "5m")
    Duration waitForStart;

    @Option(names = "--load-timeout", converter = Durations.class, defaultValue = "${env:BARRAGE_LOAD_TIMEOUT:-110s}",
            description = "How long fetching, compiling and loading the scenario may take.")
    Duration loadTimeout;

    @Option(names = "--stop-grace", converter = Durations.class, defaultValue = "${env:BARRAGE_STOP_GRACE:-30s}",
            description = "How long past its end and stop timeout a run may take to wind down before it is failed.")
    Duration stopGrace;

    @Option(names = "--starvation-limit", converter = Durations.class,
            defaultValue = "${env:BARRAGE_STARVATION_LIMIT:-30s}",
            description = "How long scenario code may hold every carrier thread without waiting before the run is failed.")
    Duration starvationLimit;

    @Option(names = "--max-threads", defaultValue = "${env:BARRAGE_MAX_THREADS:-1000}",
            description = "How many live platform threads the runner may have.")
    int maxThreads;

    @Option(names = {"-L", "--loglevel"}, defaultValue = "INFO")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        // everything this process prints goes through the mask, which learns the project's secrets with the scenario
        SecretMask mask = new SecretMask();
        System.setOut(new PrintStream(new MaskingOutputStream(new FileOutputStream(FileDescriptor.out), mask), true,
                StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new MaskingOutputStream(new FileOutputStream(FileDescriptor.err), mask), true,
                StandardCharsets.UTF_8));
        ConsoleLogging.configure(ConsoleLogging.parseLevel(logLevel), System.err);
        if (runnerCount < 1 || runnerIndex < 0 || runnerIndex >= runnerCount) {
            System.err.println("barrage agent: runner index " + runnerIndex + " is not within 0.." + (runnerCount - 1));
            return 2;
        }
        URI target;
        try {
            target = RunCommand.parseHost(host);
        } catch (IllegalArgumentException e) {
            System.err.println("barrage agent: " + e.getMessage());
            return 2;
        }
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(runKey == null ? "" : runKey.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length < dev.barrage.protocol.messages.MessageMac.KEY_BYTES) {
            System.err.println("barrage agent: BARRAGE_RUN_KEY must hold the run's key, "
                    + dev.barrage.protocol.messages.MessageMac.KEY_BYTES + " bytes or more in base64");
            return 2;
        }
        boolean sasl = kafkaSecurityProtocol.startsWith("SASL_");
        if (sasl && (kafkaUsername == null || kafkaUsername.isBlank() || kafkaPassword == null || kafkaPassword.isEmpty())) {
            System.err.println("barrage agent: BARRAGE_KAFKA_USERNAME and BARRAGE_KAFKA_PASSWORD must hold the run's Kafka "
                    + "credential (security protocol " + kafkaSecurityProtocol + ")");
            return 2;
        }
        java.util.List<dev.barrage.protocol.launch.PinnedTargets.Target> targets;
        try {
            targets = dev.barrage.protocol.launch.PinnedTargets.decode(pinnedTargets);
        } catch (IllegalArgumentException e) {
            System.err.println("barrage agent: --pinned-targets: " + e.getMessage());
            return 2;
        }
        AgentSettings settings = new AgentSettings(runId, runnerIndex, runnerCount, kafka, reportsTopic, controlTopic,
                scenarioUrl, token, target, stopTimeout, waitForStart,
                new AgentSettings.KafkaLogin(kafkaSecurityProtocol, kafkaMechanism, kafkaUsername, kafkaPassword), key, targets);
        return new RunnerAgent(settings,
                new RunnerGuard.Limits(loadTimeout, stopGrace, starvationLimit, maxThreads), mask).run();
    }
}
