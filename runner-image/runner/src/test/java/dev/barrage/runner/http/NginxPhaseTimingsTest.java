package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.protocol.EndpointKey;
import dev.barrage.protocol.Phase;
import dev.barrage.protocol.messages.IntervalMessage;
import dev.barrage.protocol.messages.ProtocolCodec;
import dev.barrage.protocol.stats.RunStatistics;
import dev.barrage.runner.report.HtmlReport;
import dev.barrage.runner.report.JsonReport;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.stats.StatsRecorder;
import dev.barrage.runner.thresholds.Threshold;
import dev.barrage.runner.thresholds.ThresholdEvaluator;
import dev.barrage.runner.thresholds.ThresholdResult;
import dev.barrage.scenario.Response;
import dev.barrage.scenario.Tls;
import dev.barrage.scenario.spi.DataFiles;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each request's phases against Debian's nginx, told what to do: {@code echo_sleep} before the first byte (the wait
 * must be in the TTFB) or between two flushed parts of the body (in the receive phase), {@code keepalive_requests}
 * and {@code keepalive_timeout} to close connections at known points. nginx's own log says which connection carried
 * each request ({@code $connection_requests} is 1 on a new one) and how long it took over it ({@code $request_time}).
 */
class NginxPhaseTimingsTest {
    @TempDir
    static Path dir;
    static NginxServer nginx;
    static int plain;
    static int idle;
    static int tls;

    record Timed(String name, long micros, String error, Map<Phase, Long> phases, int opened, int reused) {
        long phaseSum() {
            return phases.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    final List<Timed> timed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        NginxClientTest.Certificates.write(dir);
        plain = NginxServer.freePort();
        idle = NginxServer.freePort();
        tls = NginxServer.freePort();
        nginx = new NginxServer(dir.resolve("nginx"), """
                server {
                    listen 127.0.0.1:%1$d;
                    keepalive_requests 3;
                    location = /wait { echo_sleep 0.2; echo "done"; }
                    location = /trickle { echo "first part"; echo_flush; echo_sleep 0.3; echo "second part"; }
                    location = /fast { return 200 "ok"; }
                    location = /r302 { return 302 /wait; }
                }
                server {
                    listen 127.0.0.1:%2$d;
                    keepalive_timeout 100ms;
                    location = /fast { return 200 "ok"; }
                }
                server {
                    listen 127.0.0.1:%3$d ssl;
                    ssl_certificate %4$s/server.pem;
                    ssl_certificate_key %4$s/server.key;
                    keepalive_requests 2;
                    location = /fast { return 200 "ok"; }
                }
                """.formatted(plain, idle, tls, dir));
        nginx.awaitPort(plain).awaitPort(idle).awaitPort(tls);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @BeforeEach
    void clearLog() throws Exception {
        nginx.clearLog();
    }

    /** A recorder that keeps each request's raw phases, as the client handed them over. */
    RequestRecorder keeping(RequestRecorder next) {
        return new RequestRecorder() {
            @Override
            public void record(String type, String name, long micros, long bytes, String error) {
                throw new AssertionError("an HTTP request is recorded with its phases");
            }

            @Override
            public void record(String type, String name, long micros, long bytes, String error, RequestPhases phases) {
                Map<Phase, Long> byPhase = new EnumMap<>(Phase.class);
                for (Phase p : Phase.all()) {
                    byPhase.put(p, phases.micros(p));
                }
                timed.add(new Timed(name, micros, error, byPhase, phases.newConnections(), phases.reusedConnections()));
                if (next != null) {
                    next.record(type, name, micros, bytes, error, phases);
                }
            }
        };
    }

    @Test
    void aWaitBeforeTheFirstByteIsTtfbAWaitInTheBodyIsReceiveAndNginxsConnectionsAreCounted() throws Exception {
        long start = System.currentTimeMillis();
        StatsRecorder stats = new StatsRecorder("r0", start);
        List<Response> responses = new ArrayList<>();
        try (UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + plain), keeping(stats))) {
            for (int i = 0; i < 6; i++) {
                responses.add(http.get("/wait").send());
            }
            for (int i = 0; i < 2; i++) {
                responses.add(http.get("/trickle").send());
            }
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(8);
        assertThat(timed).hasSize(8).allSatisfy(t -> assertThat(t.error()).isNull());
        for (int i = 0; i < 8; i++) {
            Timed t = timed.get(i);
            NginxServer.Timed seen = log.get(i);
            assertThat(seen.uri()).isEqualTo(t.name());
            assertThat(t.opened()).as("request %d opened a connection as nginx saw it", i).isEqualTo(seen.newConnection() ? 1 : 0);
            assertThat(t.reused()).as("request %d", i).isEqualTo(seen.newConnection() ? 0 : 1);
            if (!seen.newConnection()) {
                assertThat(t.phases().get(Phase.RESOLVE)).isZero();
                assertThat(t.phases().get(Phase.CONNECT)).isZero();
            } else {
                assertThat(t.phases().get(Phase.CONNECT)).isPositive();
            }
            assertThat(t.phases().get(Phase.TLS)).isZero();
            assertThat(t.phaseSum()).as("the phases fit in the response time").isLessThanOrEqualTo(t.micros());
            Response r = responses.get(i);
            assertThat(r.timings().ttfbMillis() * 1000).isCloseTo(t.phases().get(Phase.TTFB), org.assertj.core.data.Offset.offset(1.0));
            assertThat(r.timings().newConnections()).isEqualTo(t.opened());
        }
        // keepalive_requests 3: nginx closed after the 3rd and the 6th request
        assertThat(log).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L, 2L);
        for (int i = 0; i < 6; i++) {
            Timed wait = timed.get(i);
            // nginx slept 200 ms before its first byte, and took at least that long from reading the request
            assertThat(wait.phases().get(Phase.TTFB)).isGreaterThanOrEqualTo(195_000)
                    .isGreaterThanOrEqualTo(Math.round(log.get(i).requestTimeSeconds() * 1_000_000) - 1_000);
            assertThat(wait.phases().get(Phase.RECEIVE)).isLessThan(wait.phases().get(Phase.TTFB));
        }
        for (int i = 6; i < 8; i++) {
            Timed trickle = timed.get(i);
            // the first part is flushed at once, the rest 300 ms later: that wait is in receiving the body
            assertThat(trickle.phases().get(Phase.TTFB) + trickle.phases().get(Phase.RECEIVE)).isGreaterThanOrEqualTo(295_000);
            assertThat(trickle.phases().get(Phase.RECEIVE)).isGreaterThan(trickle.phases().get(Phase.TTFB));
            assertThat(responses.get(i).text()).isEqualTo("first part\nsecond part\n");
        }

        // what the reports say, through the path a platform run takes: an interval report over the wire, merged
        RunStatistics merged = new RunStatistics(start, false);
        merged.accept(((IntervalMessage) ProtocolCodec.decode(ProtocolCodec.encode(
                new IntervalMessage("run-1", stats.cut(System.currentTimeMillis(), 1))))).report());
        RunReport report = RunReport.from(merged, new RunReport.RunInfo("T.java", "http://127.0.0.1", 1, 1, start,
                System.currentTimeMillis(), 1));
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report));
        JsonNode waitRow = null;
        for (JsonNode row : json.get("endpoints")) {
            if (row.get("name").asText().equals("/wait")) {
                waitRow = row;
            }
        }
        assertThat(waitRow).isNotNull();
        JsonNode timings = waitRow.get("timings");
        assertThat(timings.get("requests").asLong()).isEqualTo(6);
        assertThat(timings.get("newConnections").asLong())
                .isEqualTo(log.stream().filter(l -> l.uri().equals("/wait") && l.newConnection()).count()).isEqualTo(2);
        assertThat(timings.get("reusedConnections").asLong()).isEqualTo(4);
        List<Long> ttfb = timed.subList(0, 6).stream().map(t -> t.phases().get(Phase.TTFB)).sorted().toList();
        assertThat(timings.at("/phases/ttfb/medianMillis").asDouble() * 1000)
                .isCloseTo(ttfb.get(2), Percentage.withPercentage(0.1)); // the 3rd of 6, as the histograms rank
        assertThat(timings.at("/phases/ttfb/p95Millis").asDouble() * 1000).isCloseTo(ttfb.get(5), Percentage.withPercentage(0.1));
        List<Long> connects = timed.subList(0, 6).stream().map(t -> t.phases().get(Phase.CONNECT)).sorted().toList();
        assertThat(timings.at("/phases/connect/medianMillis").asDouble()).isZero();
        assertThat(timings.at("/phases/connect/maxMillis").asDouble() * 1000)
                .isCloseTo(Collections.max(connects), Percentage.withPercentage(0.1));
        assertThat(json.at("/aggregated/timings/requests").asLong()).isEqualTo(8);
        assertThat(json.at("/aggregated/timings/newConnections").asLong())
                .isEqualTo(log.stream().filter(NginxServer.Timed::newConnection).count());

        String html = HtmlReport.render(report);
        assertThat(html).contains("Request phases (ms): median / 95%").contains("<td>/trickle</td>");

        ThresholdResult slow = ThresholdEvaluator.evaluate(Threshold.parse("/wait:ttfb_median<100ms", false), merged);
        assertThat(slow.passed()).isFalse();
        assertThat(slow.actual()).isCloseTo(ttfb.get(2) / 1000.0, Percentage.withPercentage(0.1));
        assertThat(ThresholdEvaluator.evaluate(Threshold.parse("/wait:ttfb_p95>=195ms", false), merged).passed()).isTrue();
        assertThat(ThresholdEvaluator.evaluate(Threshold.parse("new_connections<=3", false), merged).passed()).isTrue();
    }

    @Test
    void aFollowedRedirectSumsItsHopsPhasesAndCountsEachHopsConnection() throws Exception {
        try (UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + plain), keeping(null))) {
            assertThat(http.get("/r302").send().text()).isEqualTo("done\n");
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(2);
        assertThat(log).extracting(NginxServer.Timed::uri).containsExactly("/r302", "/wait");
        assertThat(log).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 2L);
        assertThat(timed).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("/r302");
            assertThat(t.opened()).isEqualTo(1);
            assertThat(t.reused()).isEqualTo(1);
            assertThat(t.phases().get(Phase.TTFB)).isGreaterThanOrEqualTo(195_000);
            assertThat(t.phaseSum()).isLessThanOrEqualTo(t.micros());
        });
    }

    @Test
    void aConnectionNginxClosedWhileIdleIsOpenedAgainAndCountedAsNew() throws Exception {
        try (UserHttpClient http = new UserHttpClient(URI.create("http://127.0.0.1:" + idle), keeping(null))) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/fast").send().ok()).isTrue();
                Thread.sleep(400); // past nginx's keepalive_timeout of 100 ms: it closes the idle connection
            }
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(3);
        assertThat(log).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 1L, 1L);
        assertThat(log).extracting(NginxServer.Timed::connection).doesNotHaveDuplicates();
        assertThat(timed).hasSize(3).allSatisfy(t -> {
            assertThat(t.error()).isNull();
            assertThat(t.opened()).as("the request sent again on a new connection").isEqualTo(1);
            assertThat(t.reused()).as("the stale connection's attempt is not a reuse").isZero();
            assertThat(t.phases().get(Phase.CONNECT)).isPositive();
        });
    }

    @Test
    void theTlsHandshakeIsTimedOnNewConnectionsOnly() throws Exception {
        try (UserHttpClient http = new UserHttpClient(URI.create("https://localhost:" + tls), keeping(null))) {
            http.tls(DataFiles.resolvingWith(dir::resolve, () -> Tls.trustingCa("ca.pem")));
            for (int i = 0; i < 4; i++) {
                assertThat(http.get("/fast").send().text()).isEqualTo("ok");
            }
        }
        List<NginxServer.Timed> log = nginx.awaitTimed(4);
        assertThat(log).extracting(NginxServer.Timed::connectionRequests).containsExactly(1L, 2L, 1L, 2L);
        for (int i = 0; i < 4; i++) {
            Timed t = timed.get(i);
            if (log.get(i).newConnection()) {
                assertThat(t.phases().get(Phase.TLS)).as("request %d", i).isPositive();
                assertThat(t.opened()).isEqualTo(1);
            } else {
                assertThat(t.phases().get(Phase.TLS)).as("request %d", i).isZero();
                assertThat(t.reused()).isEqualTo(1);
            }
            assertThat(t.phaseSum()).isLessThanOrEqualTo(t.micros());
        }
    }

    @Test
    void theCommandLinesReportsAndThresholdsCarryThePhasesAsNginxSawTheConnections() throws Exception {
        Path scenario = dev.barrage.runner.TestScenarios.copy("Waits.java", dir);
        Path json = dir.resolve("waits.json");
        Path html = dir.resolve("waits.html");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = dev.barrage.runner.cli.BarrageCommandAccess.execute(List.of("run", "-f", scenario.toString(),
                "-H", "http://127.0.0.1:" + plain, "-u", "3", "-r", "10", "-t", "3s", "--headless", "--only-summary",
                "--json", json.toString(), "--html", html.toString(), "--threshold", "/wait:ttfb_p95>=195ms",
                "--threshold", "/wait:ttfb_median<1ms"), new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        assertThat(code).as(out + "\n" + err).isEqualTo(3);
        assertThat(out.toString()).contains("Request phases, ms (median / 95%)").contains("ttfb med/p95");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<NginxServer.Timed> log = nginx.awaitTimed((int) report.at("/aggregated/requests").asLong());
        assertThat(log).hasSize((int) report.at("/aggregated/requests").asLong());
        for (JsonNode row : report.get("endpoints")) {
            String uri = row.get("name").asText();
            List<NginxServer.Timed> served = log.stream().filter(l -> l.uri().equals(uri)).toList();
            assertThat(row.get("requests").asLong()).as(uri).isEqualTo(served.size()).isPositive();
            assertThat(row.at("/timings/requests").asLong()).isEqualTo(served.size());
            assertThat(row.at("/timings/newConnections").asLong()).as(uri + " new connections")
                    .isEqualTo(served.stream().filter(NginxServer.Timed::newConnection).count());
            assertThat(row.at("/timings/reusedConnections").asLong()).as(uri + " reused connections")
                    .isEqualTo(served.stream().filter(l -> !l.newConnection()).count());
        }
        JsonNode waitRow = report.get("endpoints").findParents("name").stream()
                .filter(n -> n.get("name").asText().equals("/wait")).findFirst().orElseThrow();
        assertThat(waitRow.at("/timings/phases/ttfb/medianMillis").asDouble()).isGreaterThanOrEqualTo(195);
        assertThat(report.get("thresholds")).extracting(t -> t.get("passed").asBoolean()).containsExactly(true, false);
        assertThat(java.nio.file.Files.readString(html)).contains("Request phases (ms): median / 95%");
    }
}
