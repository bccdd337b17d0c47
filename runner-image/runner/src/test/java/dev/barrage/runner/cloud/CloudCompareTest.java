package dev.barrage.runner.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@code barrage cloud compare} asks and prints: against a local server answering a comparison of two runs in the
 * control plane's shape (the end-to-end run is CloudCliTest's, against the real control plane).
 */
class CloudCompareTest {
    static final String COMPARISON = """
            {"baselineRunId":"aaaaaaaa-0000-4000-8000-000000000001",
             "tolerance":{"relative":0.2,"absoluteMillis":5,"failRatioPoints":0.01},
             "runs":[{"id":"aaaaaaaa-0000-4000-8000-000000000001"},{"id":"bbbbbbbb-0000-4000-8000-000000000002"}],
             "endpoints":[
               {"type":"GET","name":"/cart","cells":[
                 {"runId":"aaaaaaaa-0000-4000-8000-000000000001","numbers":{"p95Millis":40.0},"changes":null},
                 {"runId":"bbbbbbbb-0000-4000-8000-000000000002","numbers":{"p95Millis":98.0},
                  "changes":[{"metric":"p95Millis","baseline":40.0,"value":98.0,"change":1.45,"verdict":"regression"}]}]},
               {"type":"GET","name":"/new","cells":[
                 {"runId":"aaaaaaaa-0000-4000-8000-000000000001","numbers":null,"changes":null},
                 {"runId":"bbbbbbbb-0000-4000-8000-000000000002","numbers":{"p95Millis":3.5},"changes":null}]}],
             "aggregated":{"type":"","name":"Aggregated","cells":[
                 {"runId":"aaaaaaaa-0000-4000-8000-000000000001","numbers":{"p95Millis":40.0},"changes":null},
                 {"runId":"bbbbbbbb-0000-4000-8000-000000000002","numbers":{"p95Millis":42.0},
                  "changes":[{"metric":"p95Millis","baseline":40.0,"value":42.0,"change":0.05,"verdict":"same"}]}]},
             "regressions":[0,1]}
            """;

    private HttpServer server;
    private final AtomicReference<String> asked = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/runs/compare", ex -> {
            asked.set(ex.getRequestURI().toString());
            byte[] body = COMPARISON.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theRunsAreSideBySideWithTheChangeAndARegressionExitsWith5() throws Exception {
        StringWriter text = new StringWriter();
        CloudApi api = new CloudApi("http://127.0.0.1:" + server.getAddress().getPort(), "token");
        int code = new CloudCompare(api, new PrintWriter(text)).compare(
                List.of("aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002"),
                null, "p95", 0.2, 5.0, null);
        assertThat(code).isEqualTo(CloudRun.BASELINE_REGRESSED);
        assertThat(asked.get()).isEqualTo("/api/runs/compare?runs=aaaaaaaa-0000-4000-8000-000000000001%2C"
                + "bbbbbbbb-0000-4000-8000-000000000002&relative=0.2&absoluteMillis=5.0");
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("p95, each run against the baseline aaaaaaaa-0000-4000-8000-000000000001 "
                + "(regressions: changes over 20 %, 5 ms, 1.00 failure points)");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("GET +/cart +40\\.0 ms +98\\.0 ms \\+145% !"))
                .anySatisfy(l -> assertThat(l).matches("GET +/new +— +3\\.5 ms"))
                .anySatisfy(l -> assertThat(l).matches(" +Aggregated +40\\.0 ms +42\\.0 ms \\+5%"))
                .anySatisfy(l -> assertThat(l).startsWith("(! worse than the baseline beyond the tolerance"))
                .contains("bbbbbbbb: 1 number worse than the baseline (any metric; --metric shows one)");
    }
}
