package dev.barrage.controlplane.launch.kubernetes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of runner Jobs ({@code barrage.launch.kubernetes.*}); only read when {@code barrage.launch.kind=kubernetes}.
 * The cluster itself is the Kubernetes client's: in a pod its service account, elsewhere {@code ~/.kube/config} or
 * {@code quarkus.kubernetes-client.*}.
 */
@ConfigMapping(prefix = "barrage.launch.kubernetes")
public interface KubernetesLaunchConfig {
    /** Where runner Jobs, their pods and their token Secrets live. */
    @WithDefault("barrage-runners")
    String namespace();

    /** The runner image (built by Jib from runner-image/runner with -Pimage). */
    @WithDefault("barrage/runner:latest")
    String image();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    Optional<List<String>> imagePullSecrets();

    /** The runners' service account; runners never call the Kubernetes API, so its token is not mounted. */
    Optional<String> serviceAccount();

    /** {@code key=value} labels a runner node must carry, e.g. {@code barrage.dev/pool=runners}. */
    Optional<List<String>> nodeSelector();

    /**
     * Taints runner pods tolerate, written as {@code kubectl taint} does: {@code key=value:Effect}, or
     * {@code key:Effect} to tolerate any value, e.g. {@code barrage.dev/pool=runners:NoSchedule}.
     */
    Optional<List<String>> tolerations();

    /** How long a finished Job (and its pods' logs) stays if the control plane could not delete it. */
    @WithDefault("600")
    int ttlSecondsAfterFinished();

    /**
     * A runner pod not running after this long (unschedulable, image not pulled, no pod created at all) fails its
     * run with the reason Kubernetes gives. Keep it below the run's ready timeout (120 s), or the run fails first
     * with a less useful reason.
     */
    @WithDefault("90s")
    Duration pendingTimeout();

    /**
     * How runners reach the control plane's runner API, e.g. {@code http://barrage.barrage.svc:8080}; by default
     * the scenario URL uses {@code barrage.public-url}.
     */
    Optional<String> runnerApiUrl();

    /** The runner user's home in the image: an empty dir is mounted there (//DEPS cache) and at /tmp. */
    @WithDefault("/home/barrage")
    String homeDir();

    Resources resources();

    /** The egress NetworkPolicy made for each run (see {@link RunnerEgressPolicy}). */
    NetworkPolicy networkPolicy();

    /**
     * Where a run's runners may connect besides its targets: the control plane (the scenario, the runner API) and
     * Kafka, each as pods (labels, with their namespace) or address ranges (a managed Kafka outside the cluster), and
     * the cluster's DNS. Enforced only where the cluster's network plugin enforces NetworkPolicy (see the chart).
     */
    interface NetworkPolicy {
        /** Off only for a cluster without a NetworkPolicy-enforcing plugin, where the objects would only mislead. */
        @WithDefault("true")
        boolean enabled();

        /** {@code key=value} labels of the control plane's pods. */
        Optional<List<String>> controlPlanePodLabels();

        /** The control plane's namespace (with the pod labels); unset: the runner namespace. */
        Optional<String> controlPlaneNamespace();

        /** Or address ranges (CIDR) of the control plane, when runners reach it outside the cluster. */
        Optional<List<String>> controlPlaneCidrs();

        @WithDefault("8080")
        List<Integer> controlPlanePorts();

        /** {@code key=value} labels of Kafka's broker pods, when Kafka runs in the cluster. */
        Optional<List<String>> kafkaPodLabels();

        Optional<String> kafkaNamespace();

        /** Or address ranges (CIDR) of the brokers, e.g. a managed Kafka's subnets. */
        Optional<List<String>> kafkaCidrs();

        @WithDefault("9092")
        List<Integer> kafkaPorts();

        /**
         * The cluster DNS, which runners need for the platform's own names (Kafka's brokers, the control plane's
         * service), never for targets: a run's target names are pinned, the runner does not ask DNS for them.
         */
        @WithDefault("kube-system")
        String dnsNamespace();

        @WithDefault("k8s-app=kube-dns")
        List<String> dnsPodLabels();

        /** More destinations every runner may reach, as {@code cidr:port}, e.g. a //DEPS repository mirror. */
        Optional<List<String>> extraEgress();
    }

    /** A runner's requests grow with its users: a base plus a share per user, up to a cap. */
    interface Resources {
        @WithDefault("500")
        int baseCpuMillis();

        @WithDefault("2")
        double cpuMillisPerUser();

        @WithDefault("4000")
        int maxCpuMillis();

        /** The CPU limit is this multiple of the request: bursts are allowed, a runaway runner is not. */
        @WithDefault("2")
        double cpuLimitFactor();

        @WithDefault("512")
        int baseMemoryMib();

        @WithDefault("512")
        int memoryKibPerUser();

        /** Memory limit = request: a runner is never killed for using what it asked for. */
        @WithDefault("8192")
        int maxMemoryMib();
    }
}
