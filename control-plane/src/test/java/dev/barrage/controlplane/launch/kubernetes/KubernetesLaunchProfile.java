package dev.barrage.controlplane.launch.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The control plane with runners as Kubernetes Jobs; every other test keeps the default local launcher. */
public class KubernetesLaunchProfile implements QuarkusTestProfile {
    static final String NAMESPACE = "barrage-runners";
    static final String IMAGE = "barrage/runner:test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "barrage.launch.kind", "kubernetes",
                "barrage.launch.kubernetes.namespace", NAMESPACE,
                "barrage.launch.kubernetes.image", IMAGE,
                "barrage.launch.kubernetes.pending-timeout", "3s");
    }
}
