package dev.barrage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * terraform/ (AWS: EKS with a runner node pool, MSK, RDS PostgreSQL). {@code terraform validate} needs the providers
 * from the Terraform registry, which this build cannot reach; so terraform itself checks what it can without them
 * ({@code fmt -check} parses every file, {@code providers} loads the whole configuration), and the tests below check
 * what validate would add for references, and what the platform needs of the infrastructure.
 */
class TerraformTest {
    static List<HclBlocks.Block> blocks = new ArrayList<>();
    static String source = "";

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.list(Repo.terraform())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
                String text = Files.readString(f);
                source += text + "\n";
                blocks.addAll(HclBlocks.of(text, f.getFileName().toString()));
            }
        }
    }

    @Test
    void isFormattedAsTerraformFormatsIt() throws Exception {
        Result fmt = terraform(Repo.terraform(), "fmt", "-check", "-recursive", "-diff", "-no-color");
        assertThat(fmt.exitCode).as(fmt.output).isZero();
    }

    @Test
    void terraformLoadsTheConfigurationWhichNeedsOnlyTheAwsAndHelmProviders(@TempDir Path dir) throws Exception {
        for (Path f : Files.list(Repo.terraform()).filter(p -> p.toString().endsWith(".tf")).toList()) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        Result providers = terraform(dir, "providers", "-no-color");
        assertThat(providers.exitCode).as(providers.output).isZero();
        Matcher m = Pattern.compile("provider\\[registry\\.terraform\\.io/([\\w-]+/[\\w-]+)]").matcher(providers.output);
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("hashicorp/aws", "hashicorp/helm");
        assertThat(blocks.stream().filter(b -> b.kind().equals("resource")).map(b -> b.labels().getFirst()))
                .allMatch(type -> type.startsWith("aws_") || type.startsWith("helm_"));
    }

    @Test
    void everyReferenceIsDeclared() {
        Set<String> variables = names("variable");
        Set<String> resources = blocks.stream().filter(b -> b.kind().equals("resource"))
                .map(b -> b.labels().get(0) + "." + b.labels().get(1)).collect(Collectors.toSet());
        Set<String> data = blocks.stream().filter(b -> b.kind().equals("data"))
                .map(b -> b.labels().get(0) + "." + b.labels().get(1)).collect(Collectors.toSet());
        Set<String> locals = new TreeSet<>();
        blocks.stream().filter(b -> b.kind().equals("locals")).forEach(b -> {
            Matcher m = Pattern.compile("^  ([a-z_][a-z0-9_]*)\\s*=", Pattern.MULTILINE).matcher(b.body());
            while (m.find()) {
                locals.add(m.group(1));
            }
        });
        assertThat(references("(?<![\\w.])var\\.([a-z_][a-z0-9_]*)")).isNotEmpty().isSubsetOf(variables);
        assertThat(references("(?<![\\w.])local\\.([a-z_][a-z0-9_]*)")).isNotEmpty().isSubsetOf(locals);
        assertThat(references("(?<![\\w.])data\\.([a-z0-9_]+\\.[a-z_][a-z0-9_]*)")).isNotEmpty().isSubsetOf(data);
        assertThat(references("(?<![\\w.\"/])((?:aws|helm)_[a-z0-9_]+\\.[a-z_][a-z0-9_]*)")).isNotEmpty().isSubsetOf(resources);
        assertThat(variables).as("every variable is used").allMatch(v -> source.contains("var." + v));
    }

    @Test
    void variablesAndOutputsSayWhatTheyAre() {
        assertThat(blocks.stream().filter(b -> b.kind().equals("variable")))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v.body()).as(v.address()).containsPattern("(?m)^  description\\s*=")
                        .containsPattern("(?m)^  type\\s*="));
        assertThat(blocks.stream().filter(b -> b.kind().equals("output")))
                .extracting(b -> b.labels().getFirst())
                .contains("cluster_name", "kubeconfig_command", "kafka_bootstrap_servers", "postgres_jdbc_url",
                        "postgres_password_secret_arn", "runner_node_selector", "runner_toleration", "helm_values");
        assertThat(blocks.stream().filter(b -> b.kind().equals("output")))
                .allSatisfy(o -> assertThat(o.body()).as(o.address()).containsPattern("(?m)^  description\\s*=")
                        .containsPattern("(?m)^  value\\s*="));
    }

    @Test
    void runnersHaveTheirOwnTaintedAutoscaledNodePool() {
        HclBlocks.Block runners = resource("aws_eks_node_group", "runners");
        assertThat(runners.body()).contains("labels = local.runner_label")
                .containsPattern("taint \\{\\s+key\\s+= var\\.runner_pool_label\\.key\\s+value\\s+= var\\.runner_pool_label\\.value"
                        + "\\s+effect = var\\.runner_pool_taint_effect")
                .containsPattern("min_size\\s+= var\\.runner_nodes\\.min").containsPattern("max_size\\s+= var\\.runner_nodes\\.max")
                .contains("ignore_changes = [scaling_config[0].desired_size]");
        HclBlocks.Block system = resource("aws_eks_node_group", "system");
        assertThat(system.body()).doesNotContain("taint");
        assertThat(resource("aws_autoscaling_group_tag", "runner_template").body())
                .contains("k8s.io/cluster-autoscaler/node-template/label/").contains("k8s.io/cluster-autoscaler/node-template/taint/");
        assertThat(resource("helm_release", "cluster_autoscaler").body()).contains("chart      = \"cluster-autoscaler\"")
                .contains("autoDiscovery = { clusterName = aws_eks_cluster.this.name }");
        assertThat(resource("aws_eks_pod_identity_association", "cluster_autoscaler").body())
                .contains("service_account = \"cluster-autoscaler\"");
        assertThat(resource("aws_eks_cluster", "this").body()).contains("subnet_ids              = aws_subnet.private[*].id");
    }

    @Test
    void theVpcCniEnforcesNetworkPolicy() {
        // without its network policy agent the VPC CNI ignores NetworkPolicy: runner pods could reach anything
        assertThat(resource("aws_eks_addon", "this").body()).contains("\"vpc-cni\"")
                .contains("configuration_values = each.value == \"vpc-cni\" ? jsonencode({ enableNetworkPolicy = \"true\" }) : null");
    }

    @Test
    void runnerNodesHaveTheirOwnRoleAndNoPodReachesTheMetadataService() {
        HclBlocks.Block runners = resource("aws_eks_node_group", "runners");
        HclBlocks.Block system = resource("aws_eks_node_group", "system");
        assertThat(runners.body()).contains("node_role_arn   = aws_iam_role.runner_node.arn")
                .containsPattern("launch_template \\{\\s+id\\s+= aws_launch_template\\.runners\\.id");
        assertThat(system.body()).contains("node_role_arn   = aws_iam_role.node.arn")
                .containsPattern("launch_template \\{\\s+id\\s+= aws_launch_template\\.system\\.id");
        assertThat(resource("aws_iam_role_policy_attachment", "runner_node").body())
                .contains("role       = aws_iam_role.runner_node.name")
                .contains("AmazonEKSWorkerNodePolicy").contains("AmazonEKS_CNI_Policy").contains("AmazonEC2ContainerRegistryReadOnly");
        // the runners' role gets nothing else: no other policy names it
        assertThat(blocks.stream().filter(b -> b.kind().equals("resource") && b.body().contains("aws_iam_role.runner_node"))
                .map(HclBlocks.Block::address))
                .containsExactlyInAnyOrder("resource.aws_iam_role_policy_attachment.runner_node", "resource.aws_eks_node_group.runners");
        for (String template : List.of("system", "runners")) {
            assertThat(resource("aws_launch_template", template).body())
                    .containsPattern("metadata_options \\{[^}]*http_tokens\\s+= \"required\"")
                    .containsPattern("metadata_options \\{[^}]*http_put_response_hop_limit = 1\\b")
                    .doesNotContain("instance_type").doesNotContain("iam_instance_profile");
        }
    }

    @Test
    void kafkaAndPostgresAreManagedAndOnlyReachableFromTheCluster() {
        HclBlocks.Block kafka = resource("aws_msk_cluster", "this");
        assertThat(kafka.body()).contains("number_of_broker_nodes = length(local.zones)")
                .containsPattern("client_authentication \\{\\s+unauthenticated = false\\s+sasl \\{\\s+scram = true")
                .doesNotContain("unauthenticated = true")
                .contains("client_broker = \"TLS\"").contains("client_subnets  = aws_subnet.private[*].id");
        // SCRAM users come from Secrets Manager, sealed with a key of our own; ACLs are enforced once made
        assertThat(resource("aws_msk_scram_secret_association", "this").body())
                .contains("cluster_arn     = aws_msk_cluster.this.arn");
        assertThat(resource("aws_secretsmanager_secret", "kafka_user").body())
                .contains("name       = \"AmazonMSK_${var.name}_${each.key}\"")
                .contains("kms_key_id = aws_kms_key.kafka_users.key_id");
        assertThat(resource("aws_msk_configuration", "this").body())
                .contains("allow.everyone.if.no.acl.found=${var.kafka_acls_enforced ? \"false\" : \"true\"}");
        assertThat(resource("aws_vpc_security_group_ingress_rule", "kafka_from_nodes").body())
                .contains("for_each                     = { sasl_scram = 9096 }");
        HclBlocks.Block postgres = resource("aws_db_instance", "this");
        assertThat(postgres.body()).contains("engine         = \"postgres\"").contains("storage_encrypted     = true")
                .contains("publicly_accessible    = false").contains("manage_master_user_password = true")
                .contains("multi_az               = var.postgres_multi_az");
        for (String rule : List.of("kafka_from_nodes", "postgres_from_nodes")) {
            assertThat(resource("aws_vpc_security_group_ingress_rule", rule).body())
                    .contains("referenced_security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id")
                    .doesNotContain("cidr_ipv4");
        }
    }

    // ---- helpers

    static HclBlocks.Block resource(String type, String name) {
        return blocks.stream().filter(b -> b.kind().equals("resource") && b.labels().equals(List.of(type, name)))
                .findFirst().orElseThrow(() -> new AssertionError("no resource " + type + "." + name));
    }

    static Set<String> names(String kind) {
        return blocks.stream().filter(b -> b.kind().equals(kind)).map(b -> b.labels().getFirst()).collect(Collectors.toSet());
    }

    static Set<String> references(String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(source.replaceAll("(?m)^\\s*#.*$", ""));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    record Result(int exitCode, String output) {}

    static Result terraform(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("terraform"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("terraform is not installed here (" + e.getMessage() + "): install it to check terraform/");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("terraform " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), out);
    }
}
