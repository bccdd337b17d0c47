package dev.barrage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runner node pool's label and taint are named in three places that must agree: the pool terraform/ creates, the
 * chart's default runner settings, and the control plane's own defaults.
 */
class RunnerPoolContractTest {
    @Test
    void terraformHelmAndTheControlPlaneNameTheSameLabelAndTaint() throws IOException {
        List<HclBlocks.Block> variables = HclBlocks.of(Files.readString(Repo.terraform().resolve("variables.tf")), "variables.tf");
        Matcher label = Pattern.compile("default\\s*=\\s*\\{\\s*key\\s*=\\s*\"([^\"]+)\",\\s*value\\s*=\\s*\"([^\"]+)\"")
                .matcher(variable(variables, "runner_pool_label"));
        assertThat(label.find()).as("runner_pool_label default").isTrue();
        Matcher effect = Pattern.compile("default\\s*=\\s*\"([A-Z_]+)\"").matcher(variable(variables, "runner_pool_taint_effect"));
        assertThat(effect.find()).as("runner_pool_taint_effect default").isTrue();
        String kubectlEffect = Map.of("NO_SCHEDULE", "NoSchedule", "NO_EXECUTE", "NoExecute",
                "PREFER_NO_SCHEDULE", "PreferNoSchedule").get(effect.group(1));
        String selector = label.group(1) + "=" + label.group(2);
        String toleration = selector + ":" + kubectlEffect;

        Map<String, Object> runners = HelmChartTest.map(HelmChartTest.load(Repo.chart().resolve("values.yaml")).get("runners"));
        assertThat(HelmChartTest.map(runners.get("nodeSelector"))).containsExactly(Map.entry(label.group(1), label.group(2)));
        assertThat(HelmChartTest.list(runners.get("tolerations"))).containsExactly(toleration);

        Properties controlPlane = new Properties();
        try (var in = Files.newInputStream(Repo.root().resolve("control-plane/src/main/resources/application.properties"))) {
            controlPlane.load(in);
        }
        assertThat(controlPlane.getProperty("barrage.launch.kubernetes.node-selector")).isEqualTo(selector);
        assertThat(controlPlane.getProperty("barrage.launch.kubernetes.tolerations")).isEqualTo(toleration);
        assertThat(List.of(controlPlane.getProperty("barrage.launch.kubernetes.namespace")))
                .containsExactly((String) runners.get("namespace"));
    }

    private static String variable(List<HclBlocks.Block> blocks, String name) {
        return blocks.stream().filter(b -> b.kind().equals("variable") && b.labels().equals(List.of(name)))
                .findFirst().orElseThrow().body();
    }
}
