package dev.barrage.controlplane.launch.kubernetes;

import dev.barrage.controlplane.launch.LaunchSpec;
import dev.barrage.controlplane.launch.PinnedTarget;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The egress NetworkPolicy of one run: its runner pods may connect to exactly the addresses pinned for the run's
 * targets (each /32 or /128, on the target's port), to the control plane, to Kafka and to the cluster DNS, and nowhere
 * else. Policies add up: with the chart's default-deny egress policy for every runner pod, this is all a run's pods
 * can reach. Pure, like {@link RunnerJob}.
 */
final class RunnerEgressPolicy {
    private RunnerEgressPolicy() {}

    static String name(UUID runId) {
        return RunnerJob.jobName(runId) + "-egress";
    }

    /** This run's runner pods, and no other run's. */
    static Map<String, String> podSelector(UUID runId) {
        Map<String, String> selector = new LinkedHashMap<>(RunnerJob.runnerSelector());
        selector.put(RunnerJob.RUN_ID, runId.toString());
        return selector;
    }

    static NetworkPolicy of(LaunchSpec spec, RunnerJob.RunFacts facts, KubernetesLaunchConfig.NetworkPolicy config) {
        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        for (PinnedTarget target : spec.targets()) {
            egress.add(rule(target.addresses().stream().map(RunnerEgressPolicy::hostBlock).toList(),
                    List.of(tcp(target.port()))));
        }
        egress.add(rule(peers("control-plane", config.controlPlanePodLabels(), config.controlPlaneNamespace(),
                config.controlPlaneCidrs()), config.controlPlanePorts().stream().map(RunnerEgressPolicy::tcp).toList()));
        egress.add(rule(peers("kafka", config.kafkaPodLabels(), config.kafkaNamespace(), config.kafkaCidrs()),
                config.kafkaPorts().stream().map(RunnerEgressPolicy::tcp).toList()));
        egress.add(rule(List.of(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(namespace(config.dnsNamespace()))
                        .withPodSelector(labels("dns-pod-labels", config.dnsPodLabels())).build()),
                List.of(port("UDP", 53), port("TCP", 53))));
        for (String entry : config.extraEgress().orElse(List.of())) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || !entry.substring(0, colon).contains("/")) {
                throw new IllegalArgumentException("barrage.launch.kubernetes.network-policy.extra-egress: write"
                        + " cidr:port, e.g. 10.0.5.0/24:443, got '" + entry + "'");
            }
            egress.add(rule(List.of(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(entry.substring(0, colon))
                    .endIpBlock().build()), List.of(tcp(Integer.parseInt(entry.substring(colon + 1))))));
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(name(spec.runId())).withLabels(RunnerJob.labels(spec.runId(), facts)).endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(podSelector(spec.runId())).endPodSelector()
                .withPolicyTypes("Egress")
                .withEgress(egress)
                .endSpec()
                .build();
    }

    private static NetworkPolicyPeer hostBlock(String address) {
        return new NetworkPolicyPeerBuilder().withNewIpBlock()
                .withCidr(address + (address.contains(":") ? "/128" : "/32")).endIpBlock().build();
    }

    /** Pods by labels in a namespace, or address ranges; one of the two must be set, or the runners could not report. */
    static List<NetworkPolicyPeer> peers(String what, Optional<List<String>> podLabels, Optional<String> namespace,
            Optional<List<String>> cidrs) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        if (podLabels.isPresent() && !podLabels.get().isEmpty()) {
            NetworkPolicyPeerBuilder peer = new NetworkPolicyPeerBuilder()
                    .withPodSelector(labels(what + "-pod-labels", podLabels.get()));
            namespace.ifPresent(ns -> peer.withNamespaceSelector(namespace(ns)));
            peers.add(peer.build());
        }
        for (String cidr : cidrs.orElse(List.of())) {
            peers.add(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr.trim()).endIpBlock().build());
        }
        if (peers.isEmpty()) {
            throw new IllegalStateException("barrage.launch.kubernetes.network-policy: set " + what + "-pod-labels or "
                    + what + "-cidrs, so that runners may reach the " + what + " and nothing else"
                    + " (or network-policy.enabled=false on a cluster that does not enforce NetworkPolicy)");
        }
        return peers;
    }

    private static LabelSelector namespace(String name) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of("kubernetes.io/metadata.name", name)).build();
    }

    private static LabelSelector labels(String setting, List<String> entries) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("barrage.launch.kubernetes.network-policy." + setting
                        + ": write key=value, got '" + entry + "'");
            }
            labels.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    static NetworkPolicyEgressRule rule(List<NetworkPolicyPeer> to, List<NetworkPolicyPort> ports) {
        return new NetworkPolicyEgressRuleBuilder().withTo(to).withPorts(ports).build();
    }

    static NetworkPolicyPort tcp(int port) {
        return port("TCP", port);
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
