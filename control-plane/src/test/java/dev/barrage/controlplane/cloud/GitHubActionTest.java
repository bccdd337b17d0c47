package dev.barrage.controlplane.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Action's run step as GitHub runs it (bash -eo pipefail, its env with the inputs filled in, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), with a folder scenario and parameters, against the real control plane: everything the
 * folder holds is sent, its rows are used, the parameters reach the run, and the outputs, summary and reports are
 * written. Only the command line is the runner jar itself instead of the ./barrage script that builds it.
 */
@QuarkusTest
class GitHubActionTest {
    private static final Pattern INPUT = Pattern.compile("\\$\\{\\{ inputs\\.([a-z-]+) }}");

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "barrage.launch.local.runner-jar")
    String runnerJar;

    @Test
    void theRunStepSendsAFolderWithItsDataAndParameters() throws Exception {
        JsonNode action = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../action.yml").toFile());
        JsonNode step = null;
        for (JsonNode s : action.at("/runs/steps")) {
            if ("run".equals(s.path("id").asText())) {
                step = s;
            }
        }
        assertThat(step).as("the action's step with id 'run'").isNotNull();

        String project = Api.newProject(Keycloak.DEMO);
        String token = Api.as(Keycloak.DEMO).body(Map.of("name", "github-actions")).post("/api/projects/" + project
                + "/tokens").then().statusCode(201).extract().path("secret");
        Path work = Files.createTempDirectory("barrage-action-");
        Path repository = Files.createDirectories(work.resolve("repository/loadtest/storefront"));
        try (var files = Files.list(Path.of("../examples/Storefront"))) {
            for (Path f : files.toList()) {
                Files.copy(f, repository.resolve(f.getFileName()));
            }
        }
        Path actionPath = Files.createDirectories(work.resolve("action"));
        Path cli = actionPath.resolve("barrage");
        Files.writeString(cli, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '"
                + Path.of(runnerJar).toAbsolutePath().normalize() + "' \"$@\"\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path output = work.resolve("github-output");
        Path summary = work.resolve("step-summary");
        Files.createFile(output);
        Files.createFile(summary);

        try (DemoTarget target = DemoTarget.start(0)) {
            Map<String, String> inputs = new LinkedHashMap<>();
            action.path("inputs").properties().forEach(e -> inputs.put(e.getKey(), e.getValue().path("default").asText("")));
            inputs.putAll(Map.of("url", "http://127.0.0.1:" + port, "token", token, "scenario", "loadtest/storefront",
                    "host", target.uri().toString(), "users", "6", "spawn-rate", "20", "duration", "3s", "runners", "2",
                    "thresholds", "fail_ratio<0.01\np99<10s\n", "parameters", "TENANT=acme\nREGION=eu-west-1\n"));
            inputs.put("tags", "ci\npull_request\n");

            ProcessBuilder bash = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                    step.path("run").asText()).directory(repository.getParent().getParent().toFile()).redirectErrorStream(true);
            bash.environment().keySet().removeIf(k -> k.startsWith("BARRAGE_") || k.startsWith("GITHUB_"));
            step.path("env").properties().forEach(e -> bash.environment().put(e.getKey(), fill(e.getValue().asText(), inputs)));
            bash.environment().putAll(Map.of("GITHUB_ACTION_PATH", actionPath.toString(), "GITHUB_OUTPUT", output.toString(),
                    "GITHUB_STEP_SUMMARY", summary.toString(), "RUNNER_TEMP", work.toString(),
                    "BARRAGE_CONFIG_DIR", work.resolve("config").toString()));
            Process p = bash.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(log).isZero();

            assertThat(log).contains("Uploaded storefront/ (Browser.java, Buyer.java, Store.java, buyers.csv) as version 1");
            Map<String, String> outputs = new LinkedHashMap<>();
            Files.readAllLines(output).forEach(l -> outputs.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            assertThat(outputs).containsEntry("exit-code", "0").containsKey("run-id");
            String run = outputs.get("run-id");
            assertThat(run).matches("[0-9a-f-]{36}");
            assertThat(Files.readString(summary)).startsWith("### Barrage load test").contains("Thresholds",
                    "fail_ratio<0.01", "p99<10s");
            Path reports = repository.getParent().getParent().resolve("barrage-report");
            assertThat(reports.resolve("report.html")).exists();
            assertThat(reports.resolve("run_stats.csv")).exists();
            JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
            assertThat(report.at("/aggregated/requests").asLong())
                    .isEqualTo(target.counts().values().stream().mapToLong(Long::longValue).sum());

            // the folder's data reached both runners: each buyer row logged in once
            List<String> rows = Files.readAllLines(repository.resolve("buyers.csv")).stream().skip(1)
                    .map(l -> l.split(",")[0]).toList();
            assertThat(target.sessions().keySet()).containsExactlyInAnyOrderElementsOf(rows);
            assertThat(target.counts().get("POST /login")).isEqualTo(rows.size());
            Api.as(Keycloak.DEMO).get("/api/runs/" + run).then().statusCode(200)
                    .body("parameters", org.hamcrest.Matchers.equalTo(Map.of("TENANT", "acme", "REGION", "eu-west-1")))
                    .body("tags", org.hamcrest.Matchers.equalTo(List.of("ci", "pull_request")))
                    .body("runners", org.hamcrest.Matchers.equalTo(2));
        }
    }

    private static String fill(String value, Map<String, String> inputs) {
        Matcher m = INPUT.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(inputs.getOrDefault(m.group(1), "")));
        }
        return m.appendTail(out).toString();
    }
}
