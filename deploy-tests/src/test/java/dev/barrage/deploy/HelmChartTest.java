package dev.barrage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * helm/barrage through Helm's own code (helm-java embeds Helm's Go library): lint, then template with the test values
 * ({@code ci/test-values.yaml}), and the rendered objects checked field by field: what Kubernetes requires of each kind,
 * and what the platform needs (probes, the runner namespace's Role, the launcher's settings).
 */
class HelmChartTest {
    static final String RELEASE = "barrage";
    static final String NAMESPACE = "barrage";
    static List<Map<String, Object>> objects;

    @BeforeAll
    static void render() {
        objects = template(Repo.chart().resolve("ci/test-values.yaml"), Map.of());
    }

    static List<Map<String, Object>> template(Path values, Map<String, Object> set) {
        var command = new Helm(Repo.chart()).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(values);
        set.forEach(command::set);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(command.call())) {
            if (doc != null) {
                out.add(map(doc));
            }
        }
        return out;
    }

    @Test
    void lintsWithoutWarningsWithTheTestValues(@TempDir Path dir) throws IOException {
        // helm-java's lint takes no values file: lint a copy whose values.yaml has the test values merged in
        Path copy = copyChart(dir);
        Map<String, Object> values = deepMerge(load(Repo.chart().resolve("values.yaml")), load(Repo.chart().resolve("ci/test-values.yaml")));
        Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(values));
        LintResult result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void withoutTheExternalServicesItSaysWhatIsMissing() {
        assertThatThrownBy(() -> new Helm(Repo.chart()).template().withName(RELEASE).call())
                .hasMessageContaining(" is required");
        assertThatThrownBy(() -> template(Repo.chart().resolve("ci/test-values.yaml"), Map.of("kafka.bootstrapServers", "")))
                .hasMessageContaining("kafka.bootstrapServers is required");
        assertThatThrownBy(() -> template(Repo.chart().resolve("ci/test-values.yaml"), Map.of("postgresql.existingSecret", "")))
                .hasMessageContaining("postgresql.existingSecret is required");
    }

    @Test
    void rendersTheControlPlaneAndTheRunnerNamespace() {
        assertThat(objects).allSatisfy(o -> {
            assertThat(o).containsKeys("apiVersion", "kind", "metadata");
            assertThat(map(o.get("metadata"))).containsKey("name");
        });
        assertThat(objects.stream().map(o -> o.get("kind") + "/" + name(o)).toList()).containsExactlyInAnyOrder(
                "ConfigMap/barrage", "Deployment/barrage", "Service/barrage", "Ingress/barrage", "ServiceAccount/barrage",
                "Role/barrage-runners", "RoleBinding/barrage-runners", "Namespace/barrage-runners",
                "NetworkPolicy/barrage-runners-no-ingress", "PodDisruptionBudget/barrage",
                "ServiceAccount/barrage-runner", "NetworkPolicy/barrage-egress", "ConfigMap/barrage-keycloak-realm",
                "NetworkPolicy/barrage-runners-default-deny-egress");
    }

    @Test
    void theDeploymentIsProbedOnQuarkusHealthAndGetsItsSecretsByReference() {
        Map<String, Object> deployment = one("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        Map<String, Object> template = map(spec.get("template"));
        Map<String, Object> podLabels = map(map(template.get("metadata")).get("labels"));
        assertThat(podLabels).containsAllEntriesOf(map(map(spec.get("selector")).get("matchLabels")));
        Map<String, Object> pod = map(template.get("spec"));
        assertThat(pod.get("serviceAccountName")).isEqualTo(name(named("ServiceAccount", "barrage")));
        assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
        Map<String, Object> container = map(list(pod.get("containers")).getFirst());
        assertThat(container).containsKeys("name", "image");
        assertThat(container.get("image")).isEqualTo("registry.example.com/barrage/control-plane:0.1.0");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
        assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/health/started");
        assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
        assertThat(list(container.get("ports"))).anySatisfy(p -> assertThat(map(p)).containsEntry("name", "http")
                .containsEntry("containerPort", 8080));
        assertThat(list(container.get("envFrom"))).extracting(e -> map(e).keySet().iterator().next())
                .containsExactly("configMapRef", "secretRef");
        Map<String, Object> password = map(list(container.get("env")).getFirst());
        assertThat(password.get("name")).isEqualTo("QUARKUS_DATASOURCE_PASSWORD");
        assertThat(at(password, "valueFrom", "secretKeyRef", "name")).isEqualTo("barrage-postgres");
        assertThat(password).doesNotContainKey("value");
        // Kafka: the control plane's password, the message key and the runners' password, all from Secrets
        Map<String, String[]> kafkaSecrets = Map.of("BARRAGE_KAFKA_PASSWORD", new String[] {"barrage-kafka", "password"},
                "BARRAGE_KAFKA_MESSAGE_KEY", new String[] {"barrage-kafka", "message-key"},
                "BARRAGE_KAFKA_RUNNER_PASSWORD", new String[] {"barrage-kafka-runners", "password"});
        kafkaSecrets.forEach((env, ref) -> assertThat(list(container.get("env"))).as(env).anySatisfy(e -> {
            assertThat(map(e)).containsEntry("name", env).doesNotContainKey("value");
            assertThat(at(map(e), "valueFrom", "secretKeyRef", "name")).isEqualTo(ref[0]);
            assertThat(at(map(e), "valueFrom", "secretKeyRef", "key")).isEqualTo(ref[1]);
        }));
        assertThatThrownBy(() -> template(Repo.chart().resolve("ci/test-values.yaml"), Map.of("kafka.existingSecret", "")))
                .hasMessageContaining("kafka.existingSecret is required");
        assertThat(map(map(template.get("metadata")).get("annotations"))).containsKey("checksum/config");
    }

    @Test
    void serviceIngressAndDisruptionBudgetReachThePods() {
        Map<String, Object> podLabels = map(at(one("Deployment"), "spec", "template", "metadata", "labels"));
        Map<String, Object> service = one("Service");
        assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
        assertThat(list(at(service, "spec", "ports"))).singleElement()
                .satisfies(p -> assertThat(map(p)).containsEntry("port", 8080).containsEntry("targetPort", "http"));

        Map<String, Object> rule = map(list(at(one("Ingress"), "spec", "rules")).getFirst());
        assertThat(rule.get("host")).isEqualTo("barrage.example.com");
        Map<String, Object> path = map(list(at(rule, "http", "paths")).getFirst());
        assertThat(path).containsEntry("pathType", "Prefix");
        assertThat(at(path, "backend", "service", "name")).isEqualTo(name(service));
        assertThat(at(path, "backend", "service", "port", "name")).isEqualTo("http");
        assertThat(map(list(at(one("Ingress"), "spec", "tls")).getFirst())).containsEntry("secretName", "barrage-tls");

        Map<String, Object> pdb = one("PodDisruptionBudget");
        assertThat(at(pdb, "spec", "minAvailable")).isEqualTo(1);
        assertThat(podLabels).containsAllEntriesOf(map(at(pdb, "spec", "selector", "matchLabels")));
        // one replica cannot keep one available through a drain: no budget then
        assertThat(template(Repo.chart().resolve("ci/test-values.yaml"), Map.of("replicaCount", 1)))
                .noneMatch(o -> o.get("kind").equals("PodDisruptionBudget"));
    }

    @Test
    void theControlPlaneMayOnlyManageJobsPodsAndSecretsOfRunners() {
        Map<String, Object> role = one("Role");
        assertThat(at(role, "metadata", "namespace")).isEqualTo("barrage-runners");
        Map<String, Set<String>> verbs = new LinkedHashMap<>();
        for (Object r : list(role.get("rules"))) {
            Map<String, Object> rule = map(r);
            assertThat(rule).containsKeys("apiGroups", "resources", "verbs").doesNotContainKey("nonResourceURLs");
            for (Object resource : list(rule.get("resources"))) {
                verbs.put((String) resource, list(rule.get("verbs")).stream().map(String::valueOf).collect(Collectors.toSet()));
            }
        }
        // no pods/log, pods/exec or pods/attach: an upload check's verdict is its pod's termination message
        assertThat(verbs).containsOnlyKeys("jobs", "pods", "secrets", "networkpolicies", "events");
        // exactly the launcher's calls: Jobs created, listed (adopted after a restart) and deleted; pods listed and
        // watched (runners' and checks'); a check's Job and policy need no verb a run's do not
        assertThat(verbs.get("jobs")).containsExactlyInAnyOrder("create", "list", "delete");
        assertThat(verbs.get("pods")).containsExactlyInAnyOrder("list", "watch");
        // a run's egress policy: created, then read and patched with its Job as owner, and deleted with the run
        assertThat(verbs.get("networkpolicies")).containsExactlyInAnyOrder("create", "get", "patch", "delete");
        assertThat(verbs.get("secrets")).containsExactlyInAnyOrder("create", "get", "patch", "delete");
        assertThat(verbs.get("events")).containsExactly("list");
        assertThat(verbs.values()).noneMatch(v -> v.contains("*"));

        Map<String, Object> binding = one("RoleBinding");
        assertThat(at(binding, "metadata", "namespace")).isEqualTo("barrage-runners");
        assertThat(map(binding.get("roleRef"))).containsEntry("kind", "Role").containsEntry("name", name(role))
                .containsEntry("apiGroup", "rbac.authorization.k8s.io");
        assertThat(list(binding.get("subjects"))).singleElement().satisfies(s -> assertThat(map(s))
                .containsEntry("kind", "ServiceAccount").containsEntry("name", name(named("ServiceAccount", "barrage")))
                .containsEntry("namespace", NAMESPACE));

        Map<String, Object> namespace = one("Namespace");
        assertThat(map(at(namespace, "metadata", "labels"))).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(map(at(namespace, "metadata", "annotations"))).containsEntry("helm.sh/resource-policy", "keep");
        Map<String, Object> policy = named("NetworkPolicy", "barrage-runners-no-ingress");
        assertThat(at(policy, "metadata", "namespace")).isEqualTo("barrage-runners");
        assertThat(map(at(policy, "spec", "podSelector"))).isEmpty();
        assertThat(map(policy.get("spec"))).doesNotContainKey("ingress");
    }

    @Test
    void runnerPodsMayConnectNowhereButWhereTheirRunsPolicyAllows() {
        Map<String, Object> deny = named("NetworkPolicy", "barrage-runners-default-deny-egress");
        assertThat(at(deny, "metadata", "namespace")).isEqualTo("barrage-runners");
        assertThat(map(at(deny, "spec", "podSelector"))).as("every pod of the runner namespace").isEmpty();
        assertThat(list(at(deny, "spec", "policyTypes"))).containsExactly("Egress");
        assertThat(map(deny.get("spec"))).as("no egress rule: nothing allowed").doesNotContainKey("egress");

        // the launcher's per-run policy finds the control plane by the Deployment's pod labels, Kafka by its subnets
        Map<String, Object> data = map(named("ConfigMap", "barrage").get("data"));
        Map<String, Object> podLabels = map(at(one("Deployment"), "spec", "template", "metadata", "labels"));
        String selector = (String) data.get("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_CONTROL_PLANE_POD_LABELS");
        assertThat(selector.split(",")).isNotEmpty().allSatisfy(kv -> assertThat(podLabels)
                .containsEntry(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        assertThat(data).containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_ENABLED", "true")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_CONTROL_PLANE_NAMESPACE", NAMESPACE)
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_CONTROL_PLANE_PORTS", "8080")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_KAFKA_CIDRS", "10.40.128.0/20,10.40.144.0/20")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_KAFKA_PORTS", "9092")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_DNS_NAMESPACE", "kube-system")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_DNS_POD_LABELS", "k8s-app=kube-dns");

        assertThatThrownBy(() -> template(Repo.chart().resolve("ci/test-values.yaml"),
                Map.of("runners.networkPolicy.kafka.cidrs", "null")))
                .hasMessageContaining("runners.networkPolicy.kafka: set podLabels (with namespace) or cidrs");
        List<Map<String, Object>> off = template(Repo.chart().resolve("ci/test-values.yaml"),
                Map.of("runners.networkPolicy.enabled", false));
        assertThat(off).noneMatch(o -> "barrage-runners-default-deny-egress".equals(name(o)));
    }

    @Test
    void theConfigMapSetsUpTheKubernetesLauncherAndTheExternalServices() {
        Map<String, Object> data = map(named("ConfigMap", "barrage").get("data"));
        assertThat(data.values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
        assertThat(data).containsEntry("BARRAGE_LAUNCH_KIND", "kubernetes")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NAMESPACE", "barrage-runners")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_IMAGE", "registry.example.com/barrage/runner:0.1.0")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_IMAGE_PULL_SECRETS", "registry")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NODE_SELECTOR", "barrage.dev/pool=runners")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_TOLERATIONS", "barrage.dev/pool=runners:NoSchedule")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_RUNNER_API_URL", "http://barrage.barrage.svc:8080")
                .containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsEntry("BARRAGE_PUBLIC_URL", "https://barrage.example.com")
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://login.example.com/realms/barrage")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL",
                        "jdbc:postgresql://barrage.abc123.eu-west-1.rds.amazonaws.com:5432/barrage?sslmode=require")
                .containsKey("BARRAGE_KAFKA_BOOTSTRAP")
                .containsEntry("BARRAGE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("BARRAGE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("BARRAGE_KAFKA_USERNAME", "barrage-control-plane")
                .containsEntry("BARRAGE_KAFKA_RUNNER_CREDENTIALS", "shared")
                .containsEntry("BARRAGE_KAFKA_RUNNER_USERNAME", "barrage-runners")
                .doesNotContainKeys("BARRAGE_KAFKA_PASSWORD", "BARRAGE_KAFKA_MESSAGE_KEY");
        // each variable names a real setting: the launcher's keys are those of its configuration interface
        assertThat(data.keySet().stream().filter(k -> k.startsWith("BARRAGE_LAUNCH_KUBERNETES_")))
                .allSatisfy(k -> assertThat(LauncherSettings.environmentNames()).contains(k));
    }

    @Test
    void uploadsAreCheckedInPodsOfTheirOwnThatFetchFromTheControlPlanesPodIp() {
        Map<String, Object> data = map(named("ConfigMap", "barrage").get("data"));
        // not in the control plane's pod, with or without a sandbox there
        assertThat(data).containsEntry("BARRAGE_CHECK_KIND", "kubernetes").doesNotContainKey("BARRAGE_CHECK_SANDBOX");
        // check pods connect to the port the control plane listens on, which its container exposes
        assertThat(data.get("BARRAGE_CHECK_KUBERNETES_CONTROL_PLANE_PORT")).isEqualTo(data.get("QUARKUS_HTTP_PORT"))
                .isEqualTo("8080");
        Map<String, Object> container = map(list(at(one("Deployment"), "spec", "template", "spec", "containers")).getFirst());
        assertThat(list(container.get("ports"))).anySatisfy(p -> assertThat(map(p)).containsEntry("containerPort", 8080));
        // at the address of the very pod that holds the upload
        assertThat(list(container.get("env"))).anySatisfy(e -> {
            assertThat(map(e)).containsEntry("name", "BARRAGE_CHECK_KUBERNETES_CONTROL_PLANE_ADDRESS").doesNotContainKey("value");
            assertThat(at(map(e), "valueFrom", "fieldRef", "fieldPath")).isEqualTo("status.podIP");
        });
        // their egress policy finds the control plane as runners' policies do: by its pods' labels, in its namespace
        assertThat(data).containsKey("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_CONTROL_PLANE_POD_LABELS")
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_NETWORK_POLICY_CONTROL_PLANE_NAMESPACE", NAMESPACE);
        // each variable names a real setting of the check's
        List<String> checkKeys = new ArrayList<>(data.keySet().stream().filter(k -> k.startsWith("BARRAGE_CHECK_")).toList());
        checkKeys.add("BARRAGE_CHECK_KUBERNETES_CONTROL_PLANE_ADDRESS");
        assertThat(checkKeys).allSatisfy(k -> assertThat(LauncherSettings.checkEnvironmentNames()).contains(k));
    }

    @Test
    void onlyTheControlPlaneGetsAServiceAccountToken() {
        assertThat(named("ServiceAccount", "barrage")).containsEntry("automountServiceAccountToken", false);
        Map<String, Object> runner = named("ServiceAccount", "barrage-runner");
        assertThat(at(runner, "metadata", "namespace")).isEqualTo("barrage-runners");
        assertThat(runner).containsEntry("automountServiceAccountToken", false);
        assertThat(objects).filteredOn(o -> o.get("kind").equals("RoleBinding"))
                .allSatisfy(b -> assertThat(list(b.get("subjects"))).noneSatisfy(s -> assertThat(map(s))
                        .containsEntry("name", "barrage-runner")));
        // the control plane's pods ask for the token their launcher needs; runner pods run as the account without one
        assertThat(at(one("Deployment"), "spec", "template", "spec", "automountServiceAccountToken")).isEqualTo(true);
        assertThat(map(named("ConfigMap", "barrage").get("data")))
                .containsEntry("BARRAGE_LAUNCH_KUBERNETES_SERVICE_ACCOUNT", "barrage-runner");
    }

    @Test
    void theControlPlaneConnectsOnlyToItsServicesAndPublicHttps() {
        Map<String, Object> policy = named("NetworkPolicy", "barrage-egress");
        assertThat(at(policy, "metadata", "name")).isEqualTo("barrage-egress");
        assertThat(map(at(policy, "spec", "podSelector", "matchLabels")))
                .isEqualTo(map(at(one("Deployment"), "spec", "selector", "matchLabels")));
        assertThat(list(at(policy, "spec", "policyTypes"))).containsExactly("Egress");
        List<Map<String, Object>> rules = list(at(policy, "spec", "egress")).stream().map(HelmChartTest::map).toList();
        // every rule names where and which ports: none opens everything
        assertThat(rules).allSatisfy(r -> assertThat(r).containsKeys("to", "ports"));
        assertThat(rules).hasSize(3);

        Map<String, Object> dns = rules.get(0);
        assertThat(map(at(map(list(dns.get("to")).getFirst()), "podSelector", "matchLabels"))).containsEntry("k8s-app", "kube-dns");
        assertThat(ports(dns)).containsExactlyInAnyOrder("UDP/53", "TCP/53");

        Map<String, Object> services = rules.get(1);
        assertThat(list(services.get("to"))).singleElement()
                .satisfies(t -> assertThat(at(map(t), "ipBlock", "cidr")).isEqualTo("10.0.0.0/16"));
        assertThat(ports(services)).containsExactlyInAnyOrder("TCP/5432", "TCP/9096", "TCP/443");

        Map<String, Object> https = rules.get(2);
        Map<String, Object> anywhere = map(at(map(list(https.get("to")).getFirst()), "ipBlock"));
        assertThat(anywhere).containsEntry("cidr", "0.0.0.0/0");
        assertThat(list(anywhere.get("except"))).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "169.254.0.0/16", "100.64.0.0/10");
        assertThat(ports(https)).containsExactly("TCP/443");

        assertThat(template(Repo.chart().resolve("ci/test-values.yaml"), Map.of("networkPolicy.enabled", "false")))
                .noneMatch(o -> "barrage-egress".equals(name(o)));
    }

    @Test
    void clientAddressesAreBelievedOnlyFromTheNamedProxiesAndTokensNeedTheApisAudience() {
        Map<String, Object> data = map(named("ConfigMap", "barrage").get("data"));
        assertThat(data).containsEntry("BARRAGE_TOKENS_DIRECT_CLIENTS", "false")
                .containsEntry("QUARKUS_OIDC_TOKEN_AUDIENCE", "barrage-api")
                .doesNotContainKeys("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");

        objects = template(Repo.chart().resolve("ci/test-values.yaml"), Map.of("ingress.trustedProxies[0]", "10.0.128.0/24",
                "ingress.trustedProxies[1]", "10.0.129.7", "integrations.githubEnterpriseHosts[0]", "github.example.com"));
        try {
            assertThat(map(named("ConfigMap", "barrage").get("data")))
                    .containsEntry("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true")
                    .containsEntry("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true")
                    .containsEntry("QUARKUS_HTTP_PROXY_ENABLE_TRUSTED_PROXY_HEADER", "true")
                    .containsEntry("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "10.0.128.0/24,10.0.129.7")
                    .containsEntry("BARRAGE_INTEGRATIONS_GITHUB_ENTERPRISE_HOSTS", "github.example.com");
        } finally {
            render();
        }
    }

    @Test
    void theProductionRealmHasBruteForceProtectionNoPasswordGrantAndNoFixedSecret() throws IOException {
        String json = (String) map(named("ConfigMap", "barrage-keycloak-realm").get("data")).get("barrage-realm.json");
        Map<String, Object> realm = map(new Yaml().load(json)); // JSON is YAML
        assertThat(realm).containsEntry("realm", "barrage").containsEntry("bruteForceProtected", true)
                .containsEntry("sslRequired", "all").containsEntry("registrationAllowed", false).doesNotContainKey("users");
        assertThat((String) map(realm.get("attributes")).get("barrage.realm-purpose")).startsWith("production");
        List<Map<String, Object>> clients = list(realm.get("clients")).stream().map(HelmChartTest::map).toList();
        assertThat(clients).extracting(c -> c.get("clientId")).containsExactlyInAnyOrder("barrage-console", "barrage-api");
        assertThat(clients).allSatisfy(c -> assertThat(c).containsEntry("directAccessGrantsEnabled", false)
                .containsEntry("implicitFlowEnabled", false).doesNotContainKey("secret"));
        assertThat(json).doesNotContain("\"secret\"").doesNotContain("localhost").doesNotContain("127.0.0.1");
        Map<String, Object> console = clients.stream().filter(c -> c.get("clientId").equals("barrage-console")).findFirst().orElseThrow();
        assertThat(list(console.get("redirectUris"))).containsExactly("https://barrage.example.com/*");
        assertThat(list(console.get("webOrigins"))).containsExactly("https://barrage.example.com");
        assertThat(map(console.get("attributes"))).containsEntry("pkce.code.challenge.method", "S256");
        assertThat(list(console.get("protocolMappers"))).anySatisfy(m -> assertThat(map(m))
                .containsEntry("protocolMapper", "oidc-audience-mapper")
                .satisfies(x -> assertThat(map(x.get("config"))).containsEntry("included.client.audience", "barrage-api")
                        .containsEntry("access.token.claim", "true")));

        // the development realm says what it is at its top
        Map<String, Object> dev = map(new Yaml().load(Files.readString(Repo.root().resolve("infra/keycloak/barrage-realm.json"))));
        assertThat((String) dev.get("displayName")).contains("development realm");
        assertThat((String) map(dev.get("attributes")).get("barrage.realm-purpose")).startsWith("development only");
    }

    private static List<String> ports(Map<String, Object> rule) {
        return list(rule.get("ports")).stream().map(p -> map(p).get("protocol") + "/" + map(p).get("port")).toList();
    }

    // ---- helpers

    static Map<String, Object> named(String kind, String name) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).toList();
        assertThat(found).as(kind + "/" + name).hasSize(1);
        return found.getFirst();
    }

    static Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    static Object at(Map<String, Object> object, String... path) {
        Object o = object;
        for (String key : path) {
            assertThat(o).as(String.join(".", path)).isInstanceOf(Map.class);
            o = ((Map<?, ?>) o).get(key);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static Map<String, Object> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> out.merge(k, v, (a, b) -> a instanceof Map && b instanceof Map
                ? deepMerge((Map<String, Object>) a, (Map<String, Object>) b) : b));
        return out;
    }

    static Path copyChart(Path dir) throws IOException {
        Path target = dir.resolve("barrage");
        try (Stream<Path> files = Files.walk(Repo.chart())) {
            for (Path p : files.toList()) {
                Path to = target.resolve(Repo.chart().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }
}
