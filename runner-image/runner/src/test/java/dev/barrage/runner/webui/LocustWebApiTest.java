package dev.barrage.runner.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.runner.DemoTargetExtension;
import dev.barrage.runner.TestScenarios;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code barrage run} without {@code --headless}, in its own process, driven the way scripts drive Locust's web UI: a
 * curl script starts, resizes and stops two runs (with both spellings of the form fields), reads the statistics as
 * JSON and CSV; every count is compared with the demo target's own. Then an attacker's page tries to start a run
 * through the user's browser, and SIGTERM (as Ctrl-C) ends a running run with its reports written.
 */
class LocustWebApiTest {
    @RegisterExtension
    static final DemoTargetExtension target = new DemoTargetExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ROUTE_OF = Map.of(
            "POST /login", "POST /login",
            "GET /fast", "GET /fast",
            "GET /items/[id]", "GET /items/{id}",
            "GET /flaky", "GET /flaky",
            "GET /slow", "GET /slow");

    @TempDir
    Path dir;

    @Test
    void scriptsWrittenForLocustsWebApiDriveRunsWhoseNumbersAreTheTargetsOwn() throws Exception {
        Path scenario = TestScenarios.copy("Counted.java", dir);
        String prefix = dir.resolve("reports/counted").toString();
        try (RunnerProcess barrage = RunnerProcess.start("run", "-f", scenario.toString(), "-H", target.uri().toString(),
                "--web-port", "0", "--csv", prefix, "--html", dir.resolve("reports/counted.html").toString(),
                "--threshold", "fail_ratio<0.9", "-t", "2m")) {
            Process runner = barrage.process();
            String ui = barrage.url();
            assertThat(ui).startsWith("http://127.0.0.1:");

            Path out = dir.resolve("script");
            Path script = Path.of(LocustWebApiTest.class.getResource("/webui/locust-api-user.sh").toURI());
            Process user = new ProcessBuilder("bash", script.toString(), ui, target.uri().toString(), out.toString())
                    .redirectErrorStream(true).start();
            String userOutput = new String(user.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(user.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(user.exitValue()).as(userOutput).isZero();

            JsonNode swarm1 = read(out, "swarm1.json");
            assertThat(swarm1.get("success").asBoolean()).as(swarm1.toString()).isTrue();
            assertThat(swarm1.get("message").asText()).isEqualTo("Swarming started");
            assertThat(swarm1.get("host").asText()).isEqualTo(target.uri().toString());
            assertThat(swarm1.get("run_time").asLong()).as("-t is the form's default run time").isEqualTo(120);
            synchronized (barrage.output()) {
                assertThat(String.join("\n", barrage.output())).contains("-t/--run-time is the form's run time here: "
                        + "nothing starts until the form is sent; pass --headless (or --autostart) to start at once");
            }
            assertThat(read(out, "running1.json").get("user_count").asInt()).isEqualTo(4);
            JsonNode live = read(out, "report_running1.json");
            JsonNode threshold = live.get("thresholds").get(0);
            assertThat(threshold.get("threshold").asText()).isEqualTo("fail_ratio<0.9");
            assertThat(threshold.get("passed").asBoolean()).as("judged while running").isTrue();
            assertThat(threshold.get("actual").asDouble()).as("the failure ratio of the numbers shown").isCloseTo(
                    live.get("aggregated").get("failures").asDouble() / live.get("aggregated").get("requests").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(read(out, "edit1.json").get("success").asBoolean()).isTrue();
            assertThat(read(out, "edited1.json").get("user_count").asInt()).as("the user count edited while running")
                    .isEqualTo(2);
            assertThat(read(out, "stop1.json").toString()).isEqualTo("{\"success\":true,\"message\":\"Test stopped\"}");
            assertThat(read(out, "swarm2.json").get("success").asBoolean()).as("0.x names, multipart").isTrue();
            assertThat(read(out, "running2.json").get("user_count").asInt()).isEqualTo(3);
            assertThat(Files.readAllLines(out.resolve("codes.txt"))).containsOnly("200");

            Map<String, Long> counts1 = counts(read(out, "counts1.json"));
            Map<String, Long> counts2 = counts(read(out, "counts2.json"));
            assertThat(counts1.get("POST /login")).as("one login per user started: 4, none when it went down to 2")
                    .isEqualTo(4);
            assertThat(counts2.get("POST /login")).isEqualTo(3);
            JsonNode stats1 = read(out, "stats1.json");
            assertThat(stats1.get("state").asText()).isEqualTo("stopped");
            assertThat(stats1.get("user_count").asInt()).isZero();
            assertEqualsTarget(jsonCounts(stats1), counts1, "run 1, /stats/requests");
            assertEqualsTarget(jsonCounts(read(out, "stats2.json")), counts2, "run 2, /stats/requests");
            assertEqualsTarget(csvCounts(out.resolve("stats1.csv")), counts1, "run 1, /stats/requests/csv");
            assertEqualsTarget(csvCounts(out.resolve("stats2.csv")), counts2, "run 2, /stats/requests/csv");
            assertEqualsTarget(csvCounts(out.resolve("run1_stats.csv")), counts1, "run 1 kept after run 2, /runs/1/stats.csv");
            assertEqualsTarget(csvCounts(Path.of(prefix + "_stats.csv")), counts1, "run 1's --csv file");
            assertEqualsTarget(csvCounts(Path.of(prefix + "-2_stats.csv")), counts2, "run 2's --csv file");
            assertThat(dir.resolve("reports/counted.html")).isRegularFile();
            assertThat(dir.resolve("reports/counted-2.html")).isRegularFile();
            JsonNode failures = read(out, "stats2.json").get("errors");
            long failed = 0;
            for (JsonNode e : failures) {
                assertThat(e.get("name").asText()).isEqualTo("/flaky");
                failed += e.get("occurrences").asLong();
            }
            assertThat(failed).as("failures counted as the target answered 500").isEqualTo(status500(out)).isPositive();

            JsonNode bad = read(out, "bad.json");
            assertThat(Files.readString(out.resolve("bad_code.txt")).strip()).isEqualTo("400");
            assertThat(bad.get("success").asBoolean()).isFalse();
            assertThat(bad.get("message").asText()).isEqualTo("user_count must be a whole number of users, e.g. 50, got 'many'");
            assertThat(Files.readString(out.resolve("reset.txt"))).isEqualTo("ok");
            JsonNode afterReset = read(out, "after_reset.json");
            assertThat(afterReset.get("stats")).as("only the Aggregated row, empty").hasSize(1);
            assertThat(afterReset.get("stats").get(0).get("num_requests").asLong()).isZero();

            attackerPagesReachNothing(ui);
            notOnOtherAddresses(ui);

            // a reset while a run runs: it counts from the interval report that ends after the reset, so it shows at
            // least what the target received since the reset and less than the whole run (2.5 s of it were before)
            HttpClient http = HttpClient.newHttpClient();
            target.resetCounts();
            start(http, ui);
            Thread.sleep(2500);
            long before = total(target.counts());
            assertThat(get(http, ui + "/stats/reset")).isEqualTo("ok");
            Thread.sleep(1500);
            get(http, ui + "/stop");
            long whole = total(target.counts());
            JsonNode rows = JSON.readTree(get(http, ui + "/stats/requests")).get("stats");
            long shown = rows.get(rows.size() - 1).get("num_requests").asLong();
            assertThat(shown).as("after a reset at " + before + " of " + whole).isBetween(whole - before, whole - 1);

            // Ctrl-C (SIGTERM here) while a run runs: it stops and its reports are written, as with --headless
            target.resetCounts();
            start(http, ui);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (target.counts().getOrDefault("GET /fast", 0L) < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            runner.destroy();
            assertThat(runner.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertEqualsTarget(csvCounts(Path.of(prefix + "-4_stats.csv")), target.counts(), "run 4, ended by SIGTERM");
        }
    }

    /**
     * A page on another site posts the form to the runner through the user's browser (the browser adds Origin and
     * Sec-Fetch-Site), or re-points its own name at 127.0.0.1 (DNS rebinding: its Host header): all refused, and the
     * target receives nothing.
     */
    private void attackerPagesReachNothing(String ui) throws IOException, InterruptedException {
        target.resetCounts();
        URI address = URI.create(ui);
        String form = "user_count=5&spawn_rate=5&host=" + target.uri();
        List<String> attempts = List.of(
                "Host: " + address.getAuthority() + "\r\nOrigin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\n",
                "Host: " + address.getAuthority() + "\r\nOrigin: http://evil.example\r\n",
                "Host: evil.example:" + address.getPort() + "\r\n",
                "Host: evil.example:" + address.getPort() + "\r\nOrigin: http://evil.example:" + address.getPort()
                        + "\r\nSec-Fetch-Site: same-origin\r\n");
        for (String headers : attempts) {
            String answer = raw(address, "POST /swarm HTTP/1.1\r\n" + headers
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\nConnection: close\r\n\r\n" + form);
            assertThat(answer).as(headers).startsWith("HTTP/1.1 403").contains("Refused: ");
            String stop = raw(address, "GET /stop HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n");
            assertThat(stop).startsWith("HTTP/1.1 403");
        }
        Thread.sleep(1500);
        assertThat(target.counts().values().stream().mapToLong(Long::longValue).sum()).as("nothing reached the target")
                .isZero();
        String state = raw(address, "GET /stats/requests HTTP/1.1\r\nHost: " + address.getAuthority()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(state).contains("\"state\":\"stopped\"", "\"user_count\":0");
    }

    /** --web-host's default: the UI is not reachable on this machine's other addresses. */
    private static void notOnOtherAddresses(String ui) throws IOException {
        Optional<InetAddress> other = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        if (other.isEmpty()) {
            return; // nothing else to try on a machine with loopback only
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(other.get(), URI.create(ui).getPort()), 2000);
            throw new AssertionError("the web UI accepted a connection on " + other.get());
        } catch (ConnectException expected) {
            assertThat(expected.getMessage()).contains("refused");
        }
    }

    private static String raw(URI address, String request) throws IOException {
        try (Socket s = new Socket(address.getHost(), address.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void start(HttpClient http, String ui) throws IOException, InterruptedException {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(ui + "/swarm"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user_count=2&spawn_rate=10")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The 500s the target answered in run 2 (only /flaky answers 500). */
    private static long status500(Path out) throws IOException {
        return counts(read(out, "counts2_status.json")).getOrDefault("GET /flaky 500", 0L);
    }

    private static void assertEqualsTarget(Map<String, Long> runner, Map<String, Long> server, String what) {
        long total = 0;
        for (Map.Entry<String, String> e : ROUTE_OF.entrySet()) {
            assertThat(runner.get(e.getKey())).as(what + ": " + e.getKey() + " runner " + runner + " target " + server)
                    .isEqualTo(server.get(e.getValue())).isPositive();
            total += runner.get(e.getKey());
        }
        assertThat(runner.get("Aggregated")).as(what + ": Aggregated").isEqualTo(total);
    }

    private static Map<String, Long> jsonCounts(JsonNode stats) {
        Map<String, Long> m = new HashMap<>();
        for (JsonNode row : stats.get("stats")) {
            String key = row.get("method").isNull() ? row.get("name").asText()
                    : row.get("method").asText() + " " + row.get("name").asText();
            m.put(key, row.get("num_requests").asLong());
        }
        return m;
    }

    /** The stats CSV's Request Count by endpoint, read with a plain split (our names have no commas or quotes). */
    private static Map<String, Long> csvCounts(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.getFirst().split(","));
        int type = header.indexOf("Type");
        int name = header.indexOf("Name");
        int count = header.indexOf("Request Count");
        Map<String, Long> m = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            String key = cells[type].isEmpty() ? cells[name] : cells[type] + " " + cells[name];
            m.put(key, Long.parseLong(cells[count]));
        }
        return m;
    }

    private static Map<String, Long> counts(JsonNode json) {
        Map<String, Long> m = new HashMap<>();
        json.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m;
    }

    private static JsonNode read(Path out, String file) throws IOException {
        return JSON.readTree(out.resolve(file).toFile());
    }
}
