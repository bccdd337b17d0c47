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
