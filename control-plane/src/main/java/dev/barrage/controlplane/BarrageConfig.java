package dev.barrage.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The control plane's own settings (application.properties, prefix {@code barrage}). */
@ConfigMapping(prefix = "barrage")
public interface BarrageConfig {
    /** The repository folder on a development machine (state, logs and the runner build live under it). */
    @WithDefault("..")
    String root();

    /** How runners and links reach this control plane. */
    String publicUrl();

    Kafka kafka();

    Launch launch();

    Limits limits();

    Operator operator();

    Secrets secrets();

    Integrations integrations();

    Targets targets();

    Tokens tokens();

    /** How API tokens are checked: see the tokens package. */
    interface Tokens {
        /**
         * Whether a connection's own peer is the client when no trusted proxy forwarded the request: true where clients
         * connect directly (development, tests), false behind an ingress (the chart), where the peer is the ingress.
         */
        @WithDefault("true")
        boolean directClients();

        Failures failures();

        interface Failures {
            /** Failed checks with one token prefix within the window before that prefix is refused. */
            @WithDefault("10")
            int perPrefix();

            /** Failed checks from one client address within the window before that address is refused. */
            @WithDefault("30")
            int perAddress();

            @WithDefault("1m")
            java.time.Duration window();

            /** At most this many prefixes, and as many addresses, are remembered; the least recent go first. */
            @WithDefault("10000")
            int tracked();
        }
    }

    /** Who may be load-tested: see the targets package. */
    interface Targets {
        /**
         * Loopback targets (localhost, 127.0.0.0/8, ::1): {@code allow} without proof where the whole platform runs on
         * one machine (dev, tests, {@code ./barrage up}); {@code verify} like any other host; {@code refuse} in a
         * hosted deployment, where loopback is the control plane's and the runners' own machine.
         */
        @WithDefault("refuse")
        String loopback();

        /** An unverified host may take a trial run of at most this many users... */
        @WithDefault("10")
        int trialUsers();

        /** ...for at most this many seconds. */
        @WithDefault("120")
        int trialSeconds();

        /** host:port of the DNS server asked for TXT records; unset: the machine's resolver. */
        java.util.Optional<String> dnsServer();

        /**
         * Address ranges (CIDR, e.g. {@code 10.20.0.0/16}) that runs may target without proof of ownership: the
         * operator's own network in a private deployment. Unset on a public platform, where private, shared and
         * cluster addresses need proof like any other host.
         */
        java.util.Optional<java.util.List<String>> allowedRanges();

        /** Trial runs (against a host the account has not verified) one account may start in 24 hours... */
        @WithDefault("20")
        int trialRunsPerAccount();

        /** ...and that all accounts together may start against one unverified host in 24 hours. */
        @WithDefault("10")
        int trialRunsPerHost();
    }

    interface Secrets {
        /**
         * The AES-256 key (base64 of 32 bytes) that seals integration secrets at rest. Without it, integrations cannot
         * be configured; everything else works.
         */
        java.util.Optional<String> key();
    }

    interface Integrations {
        /**
         * Hosts the integrations may reach over plain http, such as local stand-ins in tests; everything else needs
         * https.
         */
        java.util.Optional<java.util.List<String>> plainHttpHosts();

        /** Hosts a Slack incoming webhook may point at. */
        @WithDefault("hooks.slack.com,hooks.slack-gov.com")
        java.util.List<String> slackWebhookHosts();

        /**
         * GitHub Enterprise Server hosts a project's GitHub integration may use besides api.github.com, as the operator
         * names them (e.g. github.example.com, whose API is https://github.example.com/api/v3).
         */
        java.util.Optional<java.util.List<String>> githubEnterpriseHosts();

        /**
         * Whether integrations may reach loopback, private, link-local and other internal addresses: only for local
         * stand-ins (tests, development); a hosted control plane must not be steered at its own network.
         */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        Delivery delivery();

        interface Delivery {
            /** Attempts per delivery before it is given up. */
            @WithDefault("6")
            int maxAttempts();

            /** The wait before the second attempt; it doubles after each failure, with jitter. */
            @WithDefault("2s")
            java.time.Duration firstRetry();

            /** The longest wait between attempts, also the most a Retry-After header is followed. */
            @WithDefault("5m")
            java.time.Duration maxRetryDelay();

            /** How long one request to Slack, Datadog or GitHub may take. */
            @WithDefault("10s")
            java.time.Duration requestTimeout();

            /** How often the worker looks for due deliveries when nothing woke it. */
            @WithDefault("1s")
            java.time.Duration pollInterval();
        }
    }

    interface Operator {
        /** The platform operators' token for {@code /operator-api}; without it, that API does not exist. */
        java.util.Optional<String> token();
    }

    interface Kafka {
        String bootstrap();

        String reportsTopic();

        String controlTopic();

        @io.smallrye.config.WithDefault("barrage.run-events")
        String eventsTopic();

        String groupId();

        /** SASL_PLAINTEXT (infra/kafka), SASL_SSL (MSK), or PLAINTEXT for a broker without authentication. */
        @WithDefault("SASL_PLAINTEXT")
        String securityProtocol();

        /** SCRAM-SHA-512 or SCRAM-SHA-256; runners use the same. */
        @WithDefault("SCRAM-SHA-512")
        String saslMechanism();

        /** The control plane's own principal; it makes the runners' credentials and ACLs, so it must be allowed to. */
        java.util.Optional<String> username();

        java.util.Optional<String> password();

        /** A file holding the password (infra/kafka keeps one in its state folder); used when no password is set. */
        java.util.Optional<String> passwordFile();

        /**
         * {@code per-run}: every run gets a SCRAM credential of its own, made through the Admin API at launch and
         * removed at its end. {@code shared}: runners use {@link #runnerUsername()} (for brokers whose users cannot be
         * made through the Admin API, such as MSK's, which come from AWS Secrets Manager); its ACLs are the same.
         */
        @WithDefault("per-run")
        String runnerCredentials();

        java.util.Optional<String> runnerUsername();

        java.util.Optional<String> runnerPassword();

        /**
         * The secret each run's key is derived from (base64, 32 bytes or more), so that a restarted control plane
         * knows the keys of the runs in progress. Unset: {@link #messageKeyFile()}, made on first use.
         */
        java.util.Optional<String> messageKey();

        java.util.Optional<String> messageKeyFile();
    }

    interface Launch {
        Local local();

        Guard guard();

        interface Local {
            /** The runner's jar; its dependencies are in lib/ beside it. */
            String runnerJar();

            String logDir();

            /** Each local runner's heap (-Xmx): a scenario that takes more ends its runner, and its run fails. */
            @WithDefault("1g")
            String heap();

            /**
             * {@code none}: runners run as this process's user and reach whatever this machine can (one machine of
             * one's own, {@code ./barrage up}); {@code nftables}: each run's runners run as a uid of their own, and
             * nftables rules let that uid reach only the run's pinned targets, the control plane and Kafka (a hosted
             * deployment; needs root and Debian's nftables package).
             */
            @WithDefault("none")
            String isolation();

            /** The first of the uids runs get under {@code nftables} isolation; no one else may use the range. */
            @WithDefault("64200")
            int uidBase();

            /** How many uids that range holds: runs running at once on this instance. */
            @WithDefault("1000")
            int uidCount();

            /** The nftables table ({@code inet}) of those rules; emptied at start-up (rules of runs never ended). */
            @WithDefault("barrage_runners")
            String nftablesTable();
        }

        /** The limits a runner holds its scenario to (passed to every runner, local or on Kubernetes). */
        interface Guard {
            /** How long past its end and stop timeout a run may take to wind down before its runner fails it. */
            @WithDefault("30s")
            java.time.Duration stopGrace();

            /** How long scenario code may hold every carrier thread without waiting before its runner fails the run. */
            @WithDefault("30s")
            java.time.Duration starvationLimit();

            /** How many live platform threads a runner may have. */
            @WithDefault("1000")
            int maxThreads();
        }
    }

    interface Limits {
        int maxRunners();

        int maxScenarioBytes();

        /** How long the check of an upload (compiling it, loading its classes) may take, in its own process. */
        @WithDefault("90s")
        java.time.Duration checkTimeout();

        /** The heap of that process. */
        @WithDefault("256m")
        String checkHeap();

        /** Checks running at once on this instance; more wait for a turn, and are refused after a while. */
        @WithDefault("2")
        int concurrentChecks();
    }
}
