package dev.barrage.runner.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Downloads the run's scenario and its parameters from the control plane with the run's credential. The file name
 * comes from the {@code X-Barrage-Scenario-File} header, since javac wants the public class in a file of the same
 * name; the scenario's other files (its data files, and the other {@code .java} files of a folder scenario) are named
 * in {@code X-Barrage-Data-Files} and fetched one by one. A scenario of several {@code .java} files is written to a
 * folder named after the scenario ({@code X-Barrage-Scenario-Name}), compiled as one.
 */
final class ScenarioFetcher {
    static final String FILE_HEADER = "X-Barrage-Scenario-File";
    static final String NAME_HEADER = "X-Barrage-Scenario-Name";
    static final String RUN_TOKEN_HEADER = "X-Barrage-Run-Token";
    /** The scenario's other files, fetched from {@code <scenario url>/../files/<name>}. */
    static final String DATA_FILES_HEADER = "X-Barrage-Data-Files";

    /** What the scenario reads with {@code parameter(KEY)}: the run's parameters and the project's secrets. */
    record Parameters(Map<String, String> parameters, Map<String, String> secrets) {
        Map<String, String> all() {
            Map<String, String> all = new LinkedHashMap<>(parameters);
            all.putAll(secrets);
            return all;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Returns the scenario file, or the folder of a scenario of several files. */
    Path fetch(URI url, String token, Path dir) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(url, token, Duration.ofSeconds(30));
        if (response.statusCode() != 200) {
            throw new IOException("fetching the scenario from " + url + " answered HTTP " + response.statusCode());
        }
        String name = response.headers().firstValue(FILE_HEADER).orElse("Scenario.java");
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*\\.java")) {
            throw new IOException("the control plane named the scenario '" + name + "', which is not a Java file name");
        }
        List<String> others = new ArrayList<>();
        for (String other : response.headers().firstValue(DATA_FILES_HEADER).orElse("").split(",")) {
            if (!other.isBlank()) {
                others.add(plainName(other.trim()));
            }
        }
        boolean folder = others.stream().anyMatch(o -> o.endsWith(".java"));
        Path target = dir;
        if (folder) {
            target = dir.resolve(plainName(response.headers().firstValue(NAME_HEADER).orElse("scenario")));
            Files.createDirectories(target);
        }
        Files.write(target.resolve(name), response.body());
        for (String other : others) {
            fetchFile(url, token, target, other);
        }
        return folder ? target : target.resolve(name);
    }

    /** The run's parameters and secrets, from {@code <scenario url>/../parameters}. */
    Parameters parameters(URI scenarioUrl, String token) throws IOException, InterruptedException {
        URI url = scenarioUrl.resolve("parameters");
        HttpResponse<byte[]> response = get(url, token, Duration.ofSeconds(30));
        if (response.statusCode() != 200) {
            throw new IOException("fetching the run's parameters from " + url + " answered HTTP " + response.statusCode()
                    + detail(response.body()));
        }
        JsonNode json = new ObjectMapper().readTree(response.body());
        return new Parameters(strings(json.path("parameters")), strings(json.path("secrets")));
    }

    /** The problem+json detail of a refusal, when there is one. */
    private static String detail(byte[] body) {
        try {
            String detail = new ObjectMapper().readTree(body).path("detail").asText("");
            return detail.isEmpty() ? "" : ": " + detail;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String plainName(String name) throws IOException {
        if (!name.matches("[A-Za-z0-9_.-]{1,100}") || name.startsWith(".")) {
            throw new IOException("the control plane named a file '" + name + "', which is not a plain file name");
        }
        return name;
    }

    private void fetchFile(URI scenarioUrl, String token, Path dir, String name) throws IOException, InterruptedException {
        URI url = scenarioUrl.resolve("files/" + name);
        HttpResponse<byte[]> response = get(url, token, Duration.ofSeconds(60));
        if (response.statusCode() != 200) {
            throw new IOException("fetching file " + name + " from " + url + " answered HTTP " + response.statusCode());
        }
        Files.write(dir.resolve(name), response.body());
    }

    private HttpResponse<byte[]> get(URI url, String token, Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).timeout(timeout).header(RUN_TOKEN_HEADER, token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
