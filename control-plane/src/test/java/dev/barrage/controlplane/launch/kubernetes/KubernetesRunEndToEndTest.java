package dev.barrage.controlplane.launch.kubernetes;

import static dev.barrage.controlplane.launch.kubernetes.KubernetesLaunchProfile.IMAGE;
import static dev.barrage.controlplane.launch.kubernetes.KubernetesLaunchProfile.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole runs through the Kubernetes launcher: the Fabric8 mock API server (CRUD mode) stands in for the API server and
 * {@link TestKubelet} for the Job controller, scheduler and kubelet, running each pod as a local runner process with
 * the pod's environment. PostgreSQL, Kafka and Keycloak are real (InfraServices, declared on RunEndToEndTest for
 * every test of this module).
 */
@QuarkusTest
@TestProfile(KubernetesLaunchProfile.class)
@WithKubernetesTestServer(crud = true)
class KubernetesRunEndToEndTest {
    static final String SCENARIO = """
            import dev.barrage.scenario.HttpUser;
            import dev.barrage.scenario.Task;
            import dev.barrage.scenario.WaitTime;
            import java.time.Duration;
            import java.util.Map;

            public class Browse extends HttpUser {
                @Override
                protected WaitTime waitTime() {
                    return constant(Duration.ofMillis(20));
                }

                @Override
                public void onStart() {
                    client.post("/login").json(Map.of("username", "k8s")).send();
                }

                @Task(3)
                void item() {
                    client.get("/items/" + (System.nanoTime() % 100)).name("/items/[id]").send();
                }

                @Task
                void flaky() {
                    client.get("/flaky?rate=0.2").name("/flaky").send();
                }
            }
            """;
    /** The runner pool's node, labelled and tainted as terraform/ makes them. */
    static final TestKubelet.Node NODE = new TestKubelet.Node("runner-pool-node-1", Map.of("barrage.dev/pool", "runners"),
            List.of(new TestKubelet.Taint("barrage.dev/pool", "runners", "NoSchedule")), 4000, 4096);

    static DemoTarget target;
    static TestKubelet kubelet;
    static String project;
    static String version;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startTarget() throws Exception {
        target = DemoTarget.start(0);
    }

    @BeforeEach
    void startKubelet() {
        if (kubelet == null) {
            Path root = Path.of(System.getProperty("barrage.root", "..")).toAbsolutePath().normalize();
            kubelet = new TestKubelet(client, NAMESPACE, root.resolve("runner-image/runner/target/barrage-runner.jar"), NODE,
                    IMAGE, root.resolve("control-plane/target/test-kubelet")).start();
            project = Api.newProject(Keycloak.DEMO);
            version = Api.upload(Keycloak.DEMO, project, "Browse.java", SCENARIO);
        }
        kubelet.imagePullFailure = null;
        kubelet.node = NODE;
    }

    @AfterAll
    static void stopAll() {
        if (kubelet != null) {
            kubelet.close();
        }
        target.close();
    }

    @Test
    void aRunOfTwoRunnerPodsCountsExactlyWhatTheTargetReceived() throws Exception {
        target.resetCounts();
        String runId = startRun(Map.of("users", 6, "spawnRate", 20, "duration", "4s", "runners", 2));

        Job job = awaitJob(runId);
        assertThat(job.getMetadata().getLabels()).containsEntry("barrage.dev/run-id", runId)
                .containsEntry("barrage.dev/project-id", project).containsKey("barrage.dev/account-id");
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(2);
        assertThat(job.getSpec().getParallelism()).isEqualTo(2);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isGreaterThan(4);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("barrage.dev/run-id", runId)
                .containsEntry("barrage.dev/project-id", project);
        assertThat(pod.getNodeSelector()).containsEntry("barrage.dev/pool", "runners");
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("barrage.dev/pool");
            assertThat(t.getValue()).isEqualTo("runners");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container runner = pod.getContainers().getFirst();
        assertThat(runner.getImage()).isEqualTo(IMAGE);
        assertThat(runner.getArgs()).containsExactly("agent");
        assertThat(runner.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(runner.getResources().getLimits().get("memory")).isEqualTo(runner.getResources().getRequests().get("memory"));
        EnvVar token = runner.getEnv().stream().filter(e -> e.getName().equals("BARRAGE_RUN_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).as("the token is never in the pod spec").isNull();
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(token.getValueFrom().getSecretKeyRef().getName()).get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Job");
            assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid());
        });

        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(120));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
        // both indexes reported: each pod's agent took its index from JOB_COMPLETION_INDEX, as the Job controller sets it
        assertThat(run.get("runnerStates")).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("stopped"));

        JsonNode report = new ObjectMapper().readTree(Api.as(Keycloak.DEMO).get("/api/runs/" + runId + "/report").asString());
        Map<String, Long> server = target.counts();
        Map<String, Long> reported = new HashMap<>();
        report.get("endpoints").forEach(e -> reported.put(e.get("type").asText() + " " + e.get("name").asText(),
                e.get("requests").asLong()));
        assertThat(reported).containsEntry("POST /login", 6L)
                .containsEntry("POST /login", server.get("POST /login"))
                .containsEntry("GET /items/[id]", server.get("GET /items/{id}"))
                .containsEntry("GET /flaky", server.get("GET /flaky"));
        assertThat(report.at("/aggregated/failures").asLong()).isEqualTo(target.statusCounts().get("GET /flaky 500")).isPositive();
        assertThat(report.at("/aggregated/requests").asLong()).isEqualTo(server.values().stream().mapToLong(Long::longValue).sum());

        await("the finished run's Job, pods and Secret are deleted", Duration.ofSeconds(20), () -> nothingLeftOf(runId));
    }

    @Test
    void eachRunGetsAnEgressPolicyForExactlyItsPinnedTargetsOwnedByItsJob() throws Exception {
        try (java.net.ServerSocket cache = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Map<String, Object> settings = new HashMap<>(Map.of("users", 2, "spawnRate", 20, "duration", "3s", "runners", 2));
            settings.put("targets", List.of("redis://localhost:" + cache.getLocalPort()));
            String runId = startRun(settings);
            Job job = awaitJob(runId);
            io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy = client.network().v1().networkPolicies()
                    .inNamespace(NAMESPACE).withName("barrage-run-" + runId + "-egress").get();
            assertThat(policy).as("the run's egress policy").isNotNull();
            assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Job");
                assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid());
            });
            // this run's pods, and no other run's
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("barrage.dev/run-id", runId)
                    .containsEntry("app.kubernetes.io/component", "runner");
            assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
            assertThat(policy.getSpec().getIngress()).isEmpty();
            var rules = policy.getSpec().getEgress();
            assertThat(rules).hasSize(5);
            // the HTTP host and the Redis, each exactly its pinned address on its own port
            assertThat(rules.get(0).getTo()).singleElement().satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("127.0.0.1/32"));
            assertThat(rules.get(0).getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getProtocol()).isEqualTo("TCP");
                assertThat(p.getPort().getIntVal()).isEqualTo(target.uri().getPort());
            });
            assertThat(rules.get(1).getTo()).singleElement().satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("127.0.0.1/32"));
            assertThat(rules.get(1).getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(cache.getLocalPort()));
            assertThat(rules.get(0).getTo().getFirst().getIpBlock().getExcept()).isEmpty();
            // the control plane by its pods' labels in its namespace, Kafka by its brokers' subnets, DNS only in kube-system
            assertThat(rules.get(2).getTo()).singleElement().satisfies(p -> {
                assertThat(p.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/component", "control-plane"));
                assertThat(p.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "barrage"));
            });
            assertThat(rules.get(2).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8080);
            assertThat(rules.get(3).getTo()).singleElement().satisfies(p -> assertThat(p.getIpBlock().getCidr())
                    .isEqualTo(KubernetesLaunchProfile.KAFKA_CIDR));
            assertThat(rules.get(3).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9092);
            assertThat(rules.get(4).getTo()).singleElement().satisfies(p -> {
                assertThat(p.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
                assertThat(p.getPodSelector().getMatchLabels()).containsExactly(Map.entry("k8s-app", "kube-dns"));
            });
            assertThat(rules.get(4).getPorts()).extracting(p -> p.getProtocol() + " " + p.getPort().getIntVal())
                    .containsExactlyInAnyOrder("UDP 53", "TCP 53");
            // the runners got the same addresses, and so never ask DNS for a target
            EnvVar pinned = job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                    .filter(e -> e.getName().equals("BARRAGE_PINNED_TARGETS")).findFirst().orElseThrow();
            assertThat(pinned.getValue()).isEqualTo("127.0.0.1 " + target.uri().getPort() + " 127.0.0.1;localhost "
                    + cache.getLocalPort() + " 127.0.0.1");

            JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(120));
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("finished");
            await("the finished run's policy goes with its Job", Duration.ofSeconds(20), () -> nothingLeftOf(runId)
                    && client.network().v1().networkPolicies().inNamespace(NAMESPACE).withLabels(Map.of("barrage.dev/run-id", runId))
                    .list().getItems().isEmpty());
        }
    }

    @Test
    void aRunnerPodThatCannotPullItsImageFailsTheRunWithTheKubeletsReason() throws Exception {
        kubelet.imagePullFailure = "manifest for " + IMAGE + " not found: manifest unknown";
        String runId = startRun(Map.of("users", 2, "duration", "30s", "runners", 2));

        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(60));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.get("statusReason").asText()).as(run.toString())
                .containsPattern("runner [01] failed: pod barrage-run-" + runId + "-[01]-\\w+ cannot start: ImagePullBackOff: ")
                .contains("Back-off pulling image \"" + IMAGE + "\": manifest for " + IMAGE + " not found: manifest unknown");
        await("the failed run's Job is deleted", Duration.ofSeconds(20), () -> nothingLeftOf(runId));
    }

    @Test
    void anUnschedulableRunnerFailsTheRunWithTheSchedulersReason() throws Exception {
        // the runner pool's node has less memory than one runner asks for
        kubelet.node = NODE.withMemoryMib(256);
        String runId = startRun(Map.of("users", 2, "duration", "30s", "runners", 1));

        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(60));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.get("statusReason").asText()).as(run.toString())
                .contains("runner 0 failed: pod barrage-run-" + runId + "-0-")
                .contains("cannot be scheduled: 0/1 nodes are available: 1 Insufficient memory.")
                .contains("still not running after 3 s");
        await("the failed run's Job is deleted", Duration.ofSeconds(20), () -> nothingLeftOf(runId));
    }

    @Test
    void aStoppedRunLeavesNoJobBehind() throws Exception {
        String runId = startRun(Map.of("users", 2, "spawnRate", 10, "duration", "5m", "runners", 2));
        awaitJob(runId);
        await("the run is running", Duration.ofSeconds(90), () -> status(runId).equals("running"));
        assertThat(kubelet.runningContainers()).isEqualTo(2);

        Api.as(Keycloak.DEMO).post("/api/runs/" + runId + "/stop").then().statusCode(202);

        JsonNode run = Api.awaitEndJson(Keycloak.DEMO, runId, Duration.ofSeconds(60));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("stopped");
        await("the stopped run's Job, pods and Secret are deleted", Duration.ofSeconds(20), () -> nothingLeftOf(runId));
        await("its runner processes are gone", Duration.ofSeconds(20), () -> kubelet.runningContainers() == 0);
    }

    private String startRun(Map<String, Object> settings) {
        Map<String, Object> body = new HashMap<>(settings);
        body.put("scenarioVersionId", version);
        body.put("host", target.uri().toString());
        return Api.as(Keycloak.DEMO).body(body).post("/api/projects/" + project + "/runs")
                .then().statusCode(201).extract().path("id");
    }

    private Job awaitJob(String runId) throws InterruptedException {
        await("the run's Job is created", Duration.ofSeconds(20), () -> kubelet.jobsSeen().stream()
                .anyMatch(j -> j.getMetadata().getName().equals("barrage-run-" + runId)));
        return kubelet.jobsSeen().stream().filter(j -> j.getMetadata().getName().equals("barrage-run-" + runId))
                .findFirst().orElseThrow();
    }

    private boolean nothingLeftOf(String runId) {
        Map<String, String> ofRun = Map.of("barrage.dev/run-id", runId);
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withLabels(ofRun).list().getItems().isEmpty()
                && client.pods().inNamespace(NAMESPACE).withLabels(ofRun).list().getItems().isEmpty()
                && client.secrets().inNamespace(NAMESPACE).withLabels(ofRun).list().getItems().isEmpty();
    }

    private static String status(String runId) {
        return Api.as(Keycloak.DEMO).get("/api/runs/" + runId).then().extract().path("status");
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
