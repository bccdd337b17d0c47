package dev.barrage.runner.cloud;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The control plane's REST API as the command line uses it, over {@code java.net.http} with the API token as a bearer
 * token. Every refusal becomes a {@link CloudException} carrying the problem+json detail.
 */
public final class CloudApi {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Uploads are compiled before they answer (up to 90 s on the server). */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(150);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public CloudApi(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return base.toString();
    }

    public JsonNode get(String path) throws CloudException {
        return parse(send(request(path, CALL_TIMEOUT).header("Accept", "application/json").GET(), path));
    }

    public JsonNode post(String path, Object body) throws CloudException {
        return post(path, body, CALL_TIMEOUT);
    }

    public JsonNode upload(String path, Object body) throws CloudException {
        return post(path, body, UPLOAD_TIMEOUT);
    }

    /** Uploads a zip (a scenario's folder), compiled before the answer. */
    public JsonNode uploadZip(String path, byte[] zip) throws CloudException {
        return parse(send(request(path, UPLOAD_TIMEOUT).header("Content-Type", "application/zip")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(zip)), path));
    }

    private JsonNode post(String path, Object body, Duration timeout) throws CloudException {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return parse(send(request(path, timeout).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), path));
    }

    public JsonNode put(String path, Object body) throws CloudException {
        try {
            return parse(send(request(path, CALL_TIMEOUT).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public void delete(String path) throws CloudException {
        send(request(path, CALL_TIMEOUT).header("Accept", "application/json").DELETE(), path);
    }

    /** A body as text, e.g. a CSV or HTML report. */
    public String getText(String path, String accept) throws CloudException {
        return send(request(path, CALL_TIMEOUT).header("Accept", accept).GET(), path);
    }

    /**
     * Reads the server-sent events of {@code path}, handing each event's JSON data to {@code events}, until the server
     * ends the stream.
     */
    public void stream(String path, Consumer<JsonNode> events) throws CloudException {
        HttpRequest request = request(path, null).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(0, "Interrupted", "interrupted", null);
        }
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw refused(response.statusCode(), body, path);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.accept(JSON.readTree(data.toString()));
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "barrage-cli");
        return timeout == null ? b : b.timeout(timeout);
    }

    private String send(HttpRequest.Builder request, String path) throws CloudException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(0, "Interrupted", "interrupted", null);
        }
        if (response.statusCode() / 100 != 2) {
            throw refused(response.statusCode(), response.body(), path);
        }
        return response.body();
    }

    private CloudException unreachable(IOException e) {
        String why = e instanceof HttpTimeoutException ? "it did not answer in time"
                : e instanceof ConnectException ? "connection refused"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CloudException(0, "Unreachable", "cannot reach the control plane at " + base + ": " + why
                + " (set it with --url or BARRAGE_URL)", null);
    }

    /** A refusal, with the problem+json detail when the server sent one. */
    private CloudException refused(int status, String body, String path) {
        JsonNode problem = null;
        try {
            problem = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException ignored) {
            // not JSON: the status says enough
        }
        String title = problem != null && problem.hasNonNull("title") ? problem.get("title").asText() : "HTTP " + status;
        String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText()
                : status + " from " + path;
        if (status == 401) {
            detail = "the control plane at " + base + " refused the API token: " + detail + ". Ask a project admin for "
                    + "a new token, then run 'barrage cloud login' again or set BARRAGE_TOKEN";
        }
        return new CloudException(status, title, detail, problem);
    }

    private static JsonNode parse(String body) throws CloudException {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new CloudException(0, "Bad Answer", "the control plane answered something that is not JSON: "
                    + body.substring(0, Math.min(200, body.length())), null);
        }
    }
}
