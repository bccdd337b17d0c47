package dev.barrage.controlplane.launch.kubernetes;

import dev.barrage.controlplane.scenarios.CheckSettings;
import dev.barrage.protocol.launch.CheckInputs;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Kubernetes objects of one upload's check: a Job of one pod of the runner image running {@code barrage check-pod},
 * with no service-account token, no service links and one setting (its inputs' token), and an egress NetworkPolicy
 * that lets that pod reach the control plane's HTTP port and nothing else. Pure, like {@link RunnerJob}.
 */
final class CheckJob {
    static final String CONTAINER = "check";
    static final String CHECK_ID = "barrage.dev/check-id";
    /** Where the container leaves its verdict: the kubelet makes it the termination message. */
    static final String TERMINATION_LOG = "/dev/termination-log";
    /** Time the pod may take to be scheduled and started, on top of the check's own limit, before Kubernetes ends it. */
    static final long STARTUP_ALLOWANCE_SECONDS = 60;
    /** The check's /tmp: its inputs (the //DEPS jars) and the compiler's files. */
    static final String TMP_SIZE = "1Gi";

    /** What one check needs to know besides the settings. */
    record Spec(UUID id, String token, String inputsUrl, boolean hostedRules, List<String> jvmOptions, String heap,
            long timeoutMillis) {}

    private CheckJob() {}

    static String name(UUID id) {
        return "barrage-check-" + id;
    }

    /** Where a check pod finds the inputs of its check, at this instance's address (an IPv6 one in brackets). */
    static String inputsUrl(String address, int port, UUID id) {
        return "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/runner-api/checks/"
                + id + "/inputs";
    }

    static String policyName(UUID id) {
        return name(id) + "-egress";
    }

    /** The labels every check pod carries: the sandbox watches pods by these. */
    static Map<String, String> checkSelector() {
        return Map.of(RunnerJob.MANAGED_BY, RunnerJob.MANAGER, RunnerJob.COMPONENT, "check");
    }

    static Map<String, String> labels(UUID id) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "barrage-check");
        labels.putAll(checkSelector());
        labels.put(CHECK_ID, id.toString());
        return labels;
    }

    static Job job(Spec spec, KubernetesLaunchConfig config, CheckSettings.Kubernetes settings) {
        Map<String, String> labels = labels(spec.id());
        List<String> args = new ArrayList<>(List.of("check-pod", "--inputs=" + spec.inputsUrl()));
        if (spec.hostedRules()) {
            args.add("--hosted");
        }
        spec.jvmOptions().forEach(o -> args.add("--jvm-option=" + o));
        args.add("--termination-log=" + TERMINATION_LOG);
        long timeoutSeconds = (spec.timeoutMillis() + 999) / 1000;
        return new JobBuilder()
                .withNewMetadata().withName(name(spec.id())).withLabels(labels).endMetadata()
                .withNewSpec()
                .withCompletions(1)
                .withParallelism(1)
                // a check is never tried again: its upload has been answered by then
                .withBackoffLimit(0)
                // the control plane ends the check at its limit; this ends it should the control plane be gone
                .withActiveDeadlineSeconds(timeoutSeconds + STARTUP_ALLOWANCE_SECONDS)
                .withTtlSecondsAfterFinished(config.ttlSecondsAfterFinished())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(RunnerJob.nodeSelector(config))
                .withTolerations(RunnerJob.tolerations(config))
                .withServiceAccountName(config.serviceAccount().orElse(null))
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withImagePullSecrets(config.imagePullSecrets().orElse(List.of()).stream()
                        .map(LocalObjectReference::new).toList())
                .withTerminationGracePeriodSeconds(1L)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(config.image())
                .withImagePullPolicy(config.imagePullPolicy())
                .withArgs(args)
                // the whole environment: the image's own and this one token, which the pod spends on its inputs
                .withEnv(new EnvVar(CheckInputs.TOKEN_ENVIRONMENT, spec.token(), null))
                .withResources(resources(spec.heap(), settings))
                .withTerminationMessagePath(TERMINATION_LOG)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("home").withMountPath(config.homeDir()).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE)).endEmptyDir().endVolume()
                .addNewVolume().withName("home").withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** CPU and memory as requests and limits alike: a check takes what it was given and no more. */
    static ResourceRequirements resources(String heap, CheckSettings.Kubernetes settings) {
        Quantity cpu = new Quantity(settings.cpuMillis() + "m");
        Quantity memory = new Quantity((heapMib(heap) + settings.memoryOverheadMib()) + "Mi");
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", cpu).addToRequests("memory", memory)
                .addToLimits("cpu", cpu).addToLimits("memory", memory)
                .build();
    }

    /** A heap as {@code -Xmx} takes it ({@code 256m}, {@code 1g}, {@code 262144k}), in MiB, rounded up. */
    static long heapMib(String heap) {
        String h = heap.trim().toLowerCase(Locale.ROOT);
        long unit = switch (h.isEmpty() ? ' ' : h.charAt(h.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = unit == 1 ? h : h.substring(0, h.length() - 1);
        try {
            long bytes = Long.parseLong(digits) * unit;
            return (bytes + 1024 * 1024 - 1) / (1024 * 1024);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("barrage.limits.check-heap: write it as -Xmx takes it, e.g. 256m, got '"
                    + heap + "'");
        }
    }

    /**
     * The check pod may connect to the control plane's HTTP port (its runner API, for its inputs: the port the pod is
     * given, on the control plane's pods or address ranges as runners find them) and nowhere else:
     * not the cluster DNS (it is given an address), not Kafka, not a target. With the chart's default-deny egress
     * policy for the runner namespace, this is all it can reach.
     */
    static NetworkPolicy egress(UUID id, KubernetesLaunchConfig.NetworkPolicy config, int controlPlanePort) {
        Map<String, String> selector = new LinkedHashMap<>(checkSelector());
        selector.put(CHECK_ID, id.toString());
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(policyName(id)).withLabels(labels(id)).endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(selector).endPodSelector()
                .withPolicyTypes("Egress")
                .withEgress(RunnerEgressPolicy.rule(RunnerEgressPolicy.peers("control-plane", config.controlPlanePodLabels(),
                        config.controlPlaneNamespace(), config.controlPlaneCidrs()),
                        List.of(RunnerEgressPolicy.tcp(controlPlanePort))))
                .endSpec()
                .build();
    }
}
