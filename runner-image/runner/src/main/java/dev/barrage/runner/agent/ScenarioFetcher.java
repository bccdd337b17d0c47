package dev.barrage.runner.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads the run's scenario from the control plane with the run's credential. The file name comes from the
 * {@code X-Barrage-Scenario-File} header, since javac wants the public class in a file of the same name.
 */
final class ScenarioFetcher {
    static final String FILE_HEADER = "X-Barrage-Scenario-File";
    static final String RUN_TOKEN_HEADER = "X-Barrage-Run-Token";
    /** The scenario's data files (CSV feeders), fetched from {@code <scenario url>/../files/<name>}. */
    static final String DATA_FILES_HEADER = "X-Barrage-Data-Files";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Path fetch(URI url, String token, Path dir) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header(RUN_TOKEN_HEADER, token)
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("fetching the scenario from " + url + " answered HTTP " + response.statusCode());
        }
        String name = response.headers().firstValue(FILE_HEADER).orElse("Scenario.java");
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*\\.java")) {
            throw new IOException("the control plane named the scenario '" + name + "', which is not a Java file name");
        }
        Path file = dir.resolve(name);
        Files.write(file, response.body());
        String dataFiles = response.headers().firstValue(DATA_FILES_HEADER).orElse("");
        for (String dataFile : dataFiles.split(",")) {
            if (!dataFile.isBlank()) {
                fetchDataFile(url, token, dir, dataFile.trim());
            }
        }
        return file;
    }

    private void fetchDataFile(URI scenarioUrl, String token, Path dir, String name)
            throws IOException, InterruptedException {
        if (!name.matches("[A-Za-z0-9_.-]{1,100}") || name.startsWith(".")) {
            throw new IOException("the control plane named a data file '" + name + "', which is not a plain file name");
        }
        URI url = scenarioUrl.resolve("files/" + name);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header(RUN_TOKEN_HEADER, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("fetching data file " + name + " from " + url + " answered HTTP " + response.statusCode());
        }
        Files.write(dir.resolve(name), response.body());
    }
}
