package dev.barrage.controlplane.launch.kubernetes;

import static dev.barrage.controlplane.launch.kubernetes.KubernetesLaunchProfile.IMAGE;
import static dev.barrage.controlplane.launch.kubernetes.KubernetesLaunchProfile.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.controlplane.scenarios.CheckSandbox;
import dev.barrage.protocol.launch.CheckInputs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads on a control plane that launches runners on Kubernetes are checked in a pod of their own in the runner
 * namespace, never in the control plane's process: the Fabric8 mock API server stands in for the API server and
 * {@link TestKubelet} runs the pod's container (the runner program's {@code check-pod}) as a process with the pod's
 * environment only. The pod spec and its egress policy are checked field by field; the answers (201, 422 with line
 * and column) come from what the pod left as its termination message.
 */
@QuarkusTest
@TestProfile(KubernetesLaunchProfile.class)
@WithKubernetesTestServer(crud = true)
class KubernetesUploadCheckTest {
    static final String VALID = """
            import dev.barrage.scenario.*;
            public class Valid extends HttpUser {
                static final String GREETING;
                static {
                    GREETING = "hello";
                    System.out.println("static initializer of Valid ran");
                }
                @Task(3) void home() { client.get("/").send(); }
                @Task void about() { client.get("/about").send(); }
            }
            """;

    static TestKubelet kubelet;
    /** Every check's egress policy as last seen, by name: they are gone once their check ends. */
    static final Map<String, NetworkPolicy> policies = new ConcurrentHashMap<>();
    static SharedIndexInformer<NetworkPolicy> policyWatch;
    static String project;

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesCheckSandbox sandbox;

    @BeforeEach
    void startKubelet() {
        if (kubelet == null) {
            Path root = Path.of(System.getProperty("barrage.root", "..")).toAbsolutePath().normalize();
            kubelet = new TestKubelet(client, NAMESPACE, root.resolve("runner-image/runner/target/barrage-runner.jar"),
                    KubernetesRunEndToEndTest.NODE, IMAGE, root.resolve("control-plane/target/test-kubelet")).start();
            policyWatch = client.network().v1().networkPolicies().inNamespace(NAMESPACE).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(NetworkPolicy p) {
                    policies.put(p.getMetadata().getName(), p);
                }

                @Override
                public void onUpdate(NetworkPolicy before, NetworkPolicy p) {
                    policies.put(p.getMetadata().getName(), p);
                }

                @Override
                public void onDelete(NetworkPolicy p, boolean unknown) {}
            });
            project = Api.newProject(Keycloak.DEMO);
        }
        kubelet.imagePullFailure = null;
        kubelet.node = KubernetesRunEndToEndTest.NODE;
    }

    @AfterAll
    static void stopAll() {
        if (policyWatch != null) {
            policyWatch.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void aValidUploadIsCheckedInAPodWithNoTokenNoEnvironmentAndLimitsAndAnswers201() throws Exception {
        int before = checkJobs().size();
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Valid.java", "source", VALID))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201)
                .body("fileName", equalTo("Valid.java"));

        List<Job> jobs = checkJobs();
        assertThat(jobs).hasSize(before + 1);
        Job job = jobs.getLast();
        String checkId = job.getMetadata().getLabels().get("barrage.dev/check-id");
        assertThat(job.getMetadata().getName()).isEqualTo("barrage-check-" + checkId);
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "check")
                .containsEntry("app.kubernetes.io/managed-by", "barrage-control-plane");
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        // the check's 90 s and a minute to start: Kubernetes ends it should the control plane be gone
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isBetween(60L, 150L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).as("no service-account token").isFalse();
        assertThat(pod.getEnableServiceLinks()).as("no service links").isFalse();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getNodeSelector()).containsEntry("barrage.dev/pool", "runners");
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getEmptyDir()).as(v.getName()).isNotNull());
        Container check = pod.getContainers().getFirst();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(check.getImage()).isEqualTo(IMAGE);
        assertThat(check.getEnv()).as("the pod's one setting").singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo(CheckInputs.TOKEN_ENVIRONMENT);
            assertThat(e.getValue()).hasSizeGreaterThan(40);
        });
        assertThat(check.getEnvFrom()).isEmpty();
        assertThat(check.getArgs()).containsExactly("check-pod",
                "--inputs=http://127.0.0.1:18091/runner-api/checks/" + checkId + "/inputs", "--hosted",
                "--jvm-option=-Xmx256m", "--jvm-option=-XX:+UseSerialGC", "--jvm-option=-XX:TieredStopAtLevel=1",
                "--jvm-option=-XX:+ExitOnOutOfMemoryError", "--jvm-option=-Xss1m",
                "--jvm-option=-XX:ActiveProcessorCount=1", "--jvm-option=-XX:-UsePerfData",
                "--termination-log=/dev/termination-log");
        // the heap of today's check, and room for the rest of its JVM: requests and limits alike
        assertThat(check.getResources().getLimits()).containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("576Mi"))
                .containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("1000m"));
        assertThat(check.getResources().getRequests()).isEqualTo(check.getResources().getLimits());
        assertThat(check.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(check.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(check.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(check.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(check.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

        // what the container process got: the image's PATH and the token, nothing of the control plane's
        String podName = podOf(job);
        assertThat(kubelet.environmentOf(podName)).containsOnlyKeys("PATH", CheckInputs.TOKEN_ENVIRONMENT);
        // the static initializer ran there, in the pod's check JVM
        assertThat(Files.readString(kubelet.logOf(podName))).contains("static initializer of Valid ran")
                .contains("ok: Valid (weight 1, 2 tasks)");

        // its egress: the control plane's pods (labels, namespace) on the port it was given, nothing else
        NetworkPolicy policy = policies.get("barrage-check-" + checkId + "-egress");
        assertThat(policy).as("the check's egress policy").isNotNull();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("barrage.dev/check-id", checkId)
                .containsEntry("app.kubernetes.io/component", "check");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(policy.getSpec().getIngress()).isEmpty();
        assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(p -> {
                assertThat(p.getPodSelector().getMatchLabels())
                        .containsExactly(Map.entry("app.kubernetes.io/component", "control-plane"));
                assertThat(p.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "barrage"));
                assertThat(p.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getProtocol()).isEqualTo("TCP");
                assertThat(p.getPort().getIntVal()).isEqualTo(18091);
            });
        });
        assertThat(policy.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Job");
            assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid());
        });

        await("the check's Job, pod and policy are deleted", Duration.ofSeconds(20), () -> nothingLeftOf(checkId));
    }

    @Test
    void aBrokenUploadIsAnswered422WithLineAndColumnFromItsPod() throws Exception {
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Broken.java", "source", """
                        import dev.barrage.scenario.*;
                        public class Broken extends HttpUser {
                            @Task void a() { client.gett("/").send(); }
                        }
                        """))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Scenario Does Not Compile"))
                .body("errors", hasSize(1))
                .body("errors[0].file", equalTo("Broken.java"))
                .body("errors[0].line", equalTo(3)).body("errors[0].column", equalTo(28))
                .body("errors[0].message", startsWith("cannot find symbol"))
                .body("detail", containsString("Broken.java:3:28: cannot find symbol"));
        Job job = checkJobs().getLast();
        assertThat(Files.readString(kubelet.logOf(podOf(job)))).contains("Broken.java:3:28: cannot find symbol");
        await("the check's Job is deleted", Duration.ofSeconds(20),
                () -> nothingLeftOf(job.getMetadata().getLabels().get("barrage.dev/check-id")));
    }

    @Test
    void aFolderScenarioIsCheckedWholeInItsPod() throws Exception {
        java.util.function.Function<String, List<Map<String, String>>> folder = helperBody -> List.of(
                Map.of("name", "Shop.java", "content", """
                        import dev.barrage.scenario.*;
                        public class Shop extends HttpUser {
                            @Task void a() { client.get(Paths.home()).send(); }
                        }
                        """),
                Map.of("name", "Paths.java", "content", "class Paths {\n    static String home() { " + helperBody + " }\n}\n"),
                Map.of("name", "rows.csv", "content", "id\n1\n"));
        String scenarios = "/api/projects/" + project + "/scenarios";
        // a helper class that does not compile: named by its own file, line and column, as the pod's check said
        Api.as(Keycloak.DEMO).body(Map.of("name", "FolderShop", "files", folder.apply("return hme;")))
                .post(scenarios).then().statusCode(422)
                .body("errors[0].file", equalTo("Paths.java"))
                .body("errors[0].line", equalTo(2)).body("errors[0].column", equalTo(35));
        Job broken = checkJobs().getLast();
        assertThat(Files.readString(kubelet.logOf(podOf(broken)))).contains("Paths.java:2:35");
        // the same folder mended: every file reached the pod, and it compiled them together
        Api.as(Keycloak.DEMO).body(Map.of("name", "FolderShop", "files", folder.apply("return \"/\";")))
                .post(scenarios).then().statusCode(201);
        assertThat(checkJobs().getLast().getMetadata().getName()).isNotEqualTo(broken.getMetadata().getName());
    }

    @Test
    void aStaticInitializerThatSendsTheEnvironmentIsRefusedInItsPodAndReachesNothing() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String source = """
                    import dev.barrage.scenario.*;
                    public class Leak extends HttpUser {
                        static {
                            try (java.net.Socket s = new java.net.Socket("127.0.0.1", %d)) {
                                s.getOutputStream().write(System.getenv().toString().getBytes());
                            } catch (Exception e) { }
                        }
                        @Task void a() { client.get("/fast").send(); }
                    }
                    """.formatted(listener.getLocalPort());
            int before = checkJobs().size();

            Api.as(Keycloak.DEMO).body(Map.of("fileName", "Leak.java", "source", source))
                    .post("/api/projects/" + project + "/scenarios").then().statusCode(422)
                    .body("title", equalTo("Scenario Not Allowed"))
                    .body("errors", hasSize(2))
                    .body("errors[0].line", equalTo(4)).body("errors[0].column", equalTo(34))
                    .body("errors[0].message", containsString("new Socket is not allowed in a hosted scenario"))
                    .body("errors[1].line", equalTo(5)).body("errors[1].column", equalTo(46))
                    .body("errors[1].message", containsString("System.getenv is not allowed in a hosted scenario"));

            // the refusal is the pod's: its check read the class files and refused them before loading any
            assertThat(checkJobs()).hasSize(before + 1);
            assertThat(Files.readString(kubelet.logOf(podOf(checkJobs().getLast()))))
                    .contains("Leak.java:4:34: new Socket is not allowed in a hosted scenario");
            // the kernel queues a connection without accept(): one the check made would be waiting by now
            listener.setSoTimeout(100);
            assertThatThrownBy(listener::accept).as("a connection from the upload's check")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void theOnlyThingThePodReachesGivesAStaticInitializerNothing() throws Exception {
        // the hosted rules are off here, so that only the pod stands in the way: the static initializer finds its
        // pod's token where it can (the environment of the process that fetched the inputs) and asks for the inputs
        // again, at the one address the pod's egress allows; the token was spent before any scenario code ran
        String source = """
                import dev.barrage.scenario.*;
                import java.nio.file.*;
                import java.util.Arrays;
                public class Peek extends HttpUser {
                    static {
                        String again;
                        try {
                            long parent = ProcessHandle.current().parent().orElseThrow().pid();
                            String token = Arrays.stream(Files.readString(Path.of("/proc/" + parent + "/environ")).split("\\0"))
                                    .filter(e -> e.startsWith("%1$s=")).findFirst().orElseThrow().substring(%2$d);
                            String url = Arrays.stream(Files.readString(Path.of("/proc/" + parent + "/cmdline")).split("\\0"))
                                    .filter(a -> a.startsWith("--inputs=")).findFirst().orElseThrow().substring(9);
                            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                    .header("%3$s", token).build();
                            again = "HTTP " + java.net.http.HttpClient.newHttpClient()
                                    .send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) { again = e.toString(); }
                        System.out.println("SEEN env=" + System.getenv() + " again=" + again);
                    }
                    @Task void a() { client.get("/").send(); }
                }
                """.formatted(CheckInputs.TOKEN_ENVIRONMENT, CheckInputs.TOKEN_ENVIRONMENT.length() + 1,
                CheckInputs.TOKEN_HEADER);

        CheckSandbox.Outcome outcome = sandbox.run(new CheckSandbox.Input("Peek.java", source, Map.of(), List.of(),
                "128m", false), 60_000);

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).startsWith("SEEN env={} again=HTTP 401\n").contains("ok: Peek");
    }

    @Test
    void aCheckThatNeverEndsIsStoppedAtItsLimitAndItsPodRemoved() throws Exception {
        String source = """
                import dev.barrage.scenario.*;
                public class Forever extends HttpUser {
                    static { for (long i = 0; i < Long.MAX_VALUE; i++) { Thread.onSpinWait(); } }
                    @Task void a() { client.get("/").send(); }
                }
                """;
        int before = checkJobs().size();

        CheckSandbox.Outcome outcome = sandbox.run(new CheckSandbox.Input("Forever.java", source, Map.of(), List.of(),
                "128m", false), 15_000);

        assertThat(outcome.timedOut()).isTrue();
        String checkId = checkJobs().get(before).getMetadata().getLabels().get("barrage.dev/check-id");
        await("the check's Job, pod and policy are deleted", Duration.ofSeconds(20), () -> nothingLeftOf(checkId));
        await("and its processes are gone", Duration.ofSeconds(20), () -> kubelet.runningContainers() == 0);
    }

    @Test
    void aCheckPodThatCannotStartAnswers503WithTheKubeletsReason() throws Exception {
        kubelet.imagePullFailure = "manifest for " + IMAGE + " not found: manifest unknown";
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Valid.java", "source", VALID))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "60")
                .body("detail", startsWith("the upload could not be checked: pod barrage-check-"))
                .body("detail", containsString("cannot start: ImagePullBackOff: Back-off pulling image \"" + IMAGE
                        + "\": manifest for " + IMAGE + " not found: manifest unknown"));
        String checkId = checkJobs().getLast().getMetadata().getLabels().get("barrage.dev/check-id");
        await("the check's Job is deleted", Duration.ofSeconds(20), () -> nothingLeftOf(checkId));
    }

    private List<Job> checkJobs() {
        return kubelet.jobsSeen().stream()
                .filter(j -> "check".equals(j.getMetadata().getLabels().get("app.kubernetes.io/component"))).toList();
    }

    private static String podOf(Job job) {
        return kubelet.podsStarted().stream().filter(p -> p.startsWith(job.getMetadata().getName() + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no pod of " + job.getMetadata().getName() + " ran"));
    }

    private boolean nothingLeftOf(String checkId) {
        Map<String, String> ofCheck = Map.of("barrage.dev/check-id", checkId);
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withLabels(ofCheck).list().getItems().isEmpty()
                && client.pods().inNamespace(NAMESPACE).withLabels(ofCheck).list().getItems().isEmpty()
                && client.network().v1().networkPolicies().inNamespace(NAMESPACE).withLabels(ofCheck).list().getItems().isEmpty();
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
