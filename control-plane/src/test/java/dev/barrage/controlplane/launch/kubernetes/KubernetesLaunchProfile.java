package dev.barrage.controlplane.launch.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The control plane with runners as Kubernetes Jobs, and so with upload checks as Kubernetes pods; every other test
 * keeps the default local launcher and local checks.
 */
public class KubernetesLaunchProfile implements QuarkusTestProfile {
    static final String NAMESPACE = "barrage-runners";
    static final String IMAGE = "barrage/runner:test";
    static final String CONTROL_PLANE_LABEL = "app.kubernetes.io/component=control-plane";
    static final String KAFKA_CIDR = "10.40.128.0/20";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "barrage.launch.kind", "kubernetes",
                "barrage.launch.kubernetes.namespace", NAMESPACE,
                "barrage.launch.kubernetes.image", IMAGE,
                "barrage.launch.kubernetes.pending-timeout", "3s",
                "barrage.launch.kubernetes.network-policy.control-plane-pod-labels", CONTROL_PLANE_LABEL,
                "barrage.launch.kubernetes.network-policy.control-plane-namespace", "barrage",
                "barrage.launch.kubernetes.network-policy.kafka-cidrs", KAFKA_CIDR,
                // uploads are checked in pods too, which the test kubelet runs on this machine: they reach this
                // instance where the tests' HTTP server listens
                "barrage.check.kubernetes.control-plane-address", "127.0.0.1",
                "barrage.check.kubernetes.control-plane-port", "${quarkus.http.test-port}");
    }
}
