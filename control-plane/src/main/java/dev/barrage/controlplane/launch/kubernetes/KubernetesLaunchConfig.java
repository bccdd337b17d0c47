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
