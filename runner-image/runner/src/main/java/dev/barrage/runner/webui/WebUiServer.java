package dev.barrage.runner.webui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.runner.report.CsvReport;
import dev.barrage.runner.report.HtmlReport;
import dev.barrage.runner.report.JsonReport;
import dev.barrage.runner.report.RunReport;
import dev.barrage.runner.scenario.ScenarioModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runner's web UI and API on one address: the page (the console's local mode, bundled under {@code /barrage-local/}),
 * Locust's web API ({@code POST /swarm}, {@code GET /stop}, {@code GET /stats/requests}, its CSV and report
 * downloads, {@code GET /stats/reset}) and what the page reads besides ({@code /api/session}, {@code /api/report},
 * each finished run's files under {@code /runs/N/}).
 */
public final class WebUiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("barrage.web");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUN_FILE = Pattern.compile("/runs/(\\d+)/([a-z_]+\\.(?:csv|html|json))");
    private static final Map<String, String> CSV_DOWNLOADS = Map.of(
            "/stats/requests/csv", "stats",
            "/stats/requests_full_history/csv", "stats_history",
            "/stats/failures/csv", "failures",
            "/exceptions/csv", "exceptions");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final WebUiSession session;
    private final SameSiteGuard guard;
    private final String scenarioName;
    private final List<Map<String, Object>> userClasses;
    private final boolean fullHistory;
    private final String nodeName;
    private final Function<String, Duration> timeSpan;

    private WebUiServer(HttpServer server, WebUiSession session, ScenarioModel scenario, boolean fullHistory,
            String nodeName, Function<String, Duration> timeSpan) {
        this.server = server;
        this.session = session;
        this.guard = new SameSiteGuard(server.getAddress().getAddress());
        this.scenarioName = scenario.file();
        this.userClasses = UserClassRatio.of(scenario);
        this.fullHistory = fullHistory;
        this.nodeName = nodeName;
        this.timeSpan = timeSpan;
    }

    /**
     * Listens on {@code host:port} (port 0: any free one) and serves the session.
     *
     * @throws IOException when the address cannot be listened on (in use, not this machine's)
     */
    public static WebUiServer start(String host, int port, WebUiSession session, ScenarioModel scenario,
            boolean fullHistory, String nodeName, Function<String, Duration> timeSpan) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        WebUiServer ui = new WebUiServer(server, session, scenario, fullHistory, nodeName, timeSpan);
        server.setExecutor(ui.executor);
        server.createContext("/", ui::handle);
        server.start();
        return ui;
    }

    /** The address to open, e.g. http://127.0.0.1:8089 (the port chosen when 0 was asked). */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Optional<String> refused = guard.refusal(ex.getRequestHeaders());
            if (refused.isPresent()) {
                LOG.warning(() -> "Refused " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ": "
                        + refused.get());
                send(ex, 403, "text/plain; charset=utf-8", ("Refused: " + refused.get() + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            route(ex);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "web UI request failed", e);
            send(ex, 500, "text/plain; charset=utf-8", ("Error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(HttpExchange ex) throws IOException, InterruptedException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/swarm")) {
            if (!method.equals("POST")) {
                sendJson(ex, 405, answer(false, "POST /swarm with the form fields user_count, "
                        + "spawn_rate, host (or locust_count, hatch_rate)"));
                return;
            }
            swarm(ex);
            return;
        }
        if (!(method.equals("GET") || method.equals("HEAD"))) {
            sendJson(ex, 405, answer(false, method + " " + path + " is not served; use GET"));
            return;
        }
        switch (path) {
            case "/stop" -> {
                session.stop();
                sendJson(ex, 200, answer(true, "Test stopped"));
            }
            case "/stats/reset" -> {
                session.reset();
                send(ex, 200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
            }
            case "/stats/requests" -> sendJson(ex, 200,
                    LocustStatsJson.of(session.view().orElse(null), session.state().locustName, session.userCount()));
            case "/stats/report" -> download(ex, "report.html", view(), r -> HtmlReport.render(r),
                    ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("download"));
            case "/api/report" -> {
                Optional<RunReport> view = session.view();
                if (view.isEmpty()) {
                    send(ex, 200, "application/json", "null".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, "application/json", JsonReport.render(view.get()).getBytes(StandardCharsets.UTF_8));
                }
            }
            case "/api/session" -> sendJson(ex, 200, sessionJson());
            default -> {
                String csv = CSV_DOWNLOADS.get(path);
                if (csv != null) {
                    download(ex, csv + ".csv", view(), r -> CsvReport.render(r, csv, fullHistory, nodeName), true);
                    return;
                }
                Matcher m = RUN_FILE.matcher(path);
                if (m.matches()) {
                    runFile(ex, Integer.parseInt(m.group(1)), m.group(2));
                    return;
                }
                page(ex, path);
            }
        }
    }

    private RunReport view() {
        return session.view().orElse(null);
    }

    private void swarm(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(64 * 1024);
        }
        Map<String, String> form = FormFields.parse(ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Content-Type"), body);
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            Swarm swarm = Swarm.fromForm(form, session.running().orElse(session.defaults()), timeSpan);
            String message = session.swarm(swarm);
            Swarm now = session.running().orElse(swarm);
            answer.put("success", true);
            answer.put("message", message);
            answer.put("host", now.host());
            if (now.runTime() != null) {
                answer.put("run_time", now.runTime().toSeconds());
            }
            sendJson(ex, 200, answer);
        } catch (Swarm.BadField e) {
            answer.put("success", false);
            answer.put("message", e.getMessage());
            answer.put("host", session.running().orElse(session.defaults()).host());
            sendJson(ex, 400, answer);
        }
    }

    private Map<String, Object> sessionJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenarioName);
        json.put("state", session.state().locustName);
        json.put("userCount", session.userCount());
        json.put("defaults", swarmJson(session.defaults()));
        json.put("running", session.running().map(WebUiServer::swarmJson).orElse(null));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (WebUiSession.FinishedRun r : session.finished()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("number", r.number());
            run.put("swarm", swarmJson(r.swarm()));
            run.put("error", r.error());
            if (r.report() != null) {
                run.put("startEpochMillis", r.report().run().startEpochMillis());
                run.put("endEpochMillis", r.report().run().endEpochMillis());
                run.put("requests", r.report().aggregated().requests());
                run.put("failures", r.report().aggregated().failures());
                run.put("thresholdFailed", r.report().thresholdFailed());
            }
            runs.add(run);
        }
        json.put("runs", runs);
        json.put("userClasses", userClasses);
        return json;
    }

    private static Map<String, Object> swarmJson(Swarm s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("users", s.users());
        m.put("spawnRate", s.spawnRate());
        m.put("host", s.host());
        m.put("runTimeSeconds", s.runTime() == null ? null : s.runTime().toSeconds());
        return m;
    }

    private void runFile(HttpExchange ex, int number, String file) throws IOException {
        Optional<WebUiSession.FinishedRun> run = session.finished(number);
        if (run.isEmpty() || run.get().report() == null) {
            send(ex, 404, "text/plain; charset=utf-8", ("No finished run " + number + " in this session\n")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        RunReport report = run.get().report();
        String name = "run" + number + "_" + file;
        switch (file) {
            case "report.html" -> download(ex, name, report, HtmlReport::render, true);
            case "report.json" -> download(ex, name, report, JsonReport::render, true);
            default -> {
                String csv = file.substring(0, file.length() - ".csv".length());
                if (!CsvReport.FILES.contains(csv)) {
                    send(ex, 404, "text/plain; charset=utf-8", ("No file " + file + "; there are "
                            + CsvReport.FILES + " (.csv), report.html and report.json\n").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                download(ex, name, report, r -> CsvReport.render(r, csv, fullHistory, nodeName), true);
            }
        }
    }

    private void download(HttpExchange ex, String name, RunReport report, Function<RunReport, String> render,
            boolean attachment) throws IOException {
        if (report == null) {
            send(ex, 404, "text/plain; charset=utf-8", "No statistics yet: start a run first\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String type = name.endsWith(".csv") ? "text/csv; charset=utf-8"
                : name.endsWith(".json") ? "application/json" : "text/html; charset=utf-8";
        if (attachment) {
            ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
        }
        send(ex, 200, type, render.apply(report).getBytes(StandardCharsets.UTF_8));
    }

    /** The bundled page (web/'s local mode, in barrage-local/ of this jar): local.html for any other address, its assets. */
    private void page(HttpExchange ex, String path) throws IOException {
        boolean asset = (path.startsWith("/assets/") || path.equals("/favicon.svg")) && !path.contains("..");
        String resource = asset ? "/barrage-local" + path : "/barrage-local/local.html";
        try (InputStream in = WebUiServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                send(ex, 404, "text/plain; charset=utf-8", ("Not found: " + path + (resource.endsWith("local.html")
                        ? " (this build has no web page; Locust's API is served: POST /swarm, GET /stop, GET /stats/requests)"
                        : "") + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css"
                    : resource.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8";
            send(ex, 200, type, in.readAllBytes());
        }
    }

    /** Locust's answer: success first, then the message. */
    private static Map<String, Object> answer(boolean success, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", success);
        m.put("message", message);
        return m;
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
