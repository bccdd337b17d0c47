package bench;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.forever;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * The throughput benchmark's Gatling side: a closed model of USERS concurrent users, each sending GET / as fast as it
 * can (no pause) for DURATION seconds, against BASE_URL.
 * Keep-alive connections, one per user, like the other tools.
 */
public class GetSimulation extends Simulation {
    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:18081");
    private static final int USERS = Integer.getInteger("users", 50);
    private static final int DURATION = Integer.getInteger("duration", 30);

    HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .acceptHeader("*/*")
            .userAgentHeader("gatling-bench"); // each virtual user keeps its own keep-alive connection

    ScenarioBuilder scn = scenario("get").forever().on(http("get").get("/"));

    {
        setUp(scn.injectClosed(constantConcurrentUsers(USERS).during(Duration.ofSeconds(DURATION))))
                .protocols(protocol)
                .maxDuration(Duration.ofSeconds(DURATION));
    }
}
