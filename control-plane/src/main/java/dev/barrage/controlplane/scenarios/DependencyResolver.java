package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.BarrageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Resolves an upload's {@code //DEPS} with {@code barrage resolve} (the Maven Resolver, from the local repository and
 * Maven Central) before its check: this step needs the network and runs none of the scenario's code, so it runs
 * outside the check's sandbox, and the check, which does run scenario code, gets only the jars.
 */
@ApplicationScoped
public class DependencyResolver {
    static final String JAR_LINE = "jar: ";
    /** The resolver's environment: none (the local repository is a system property when it is not the default). */
    static final Map<String, String> ENVIRONMENT = Map.of();

    @Inject
    BarrageConfig config;

    /** The jars, or how it ended when it did not end well (its output has the errors). */
    public record Resolution(List<Path> jars, CheckSandbox.Outcome failure) {}

    public Resolution resolve(String fileName, String source, Path work, long timeoutMillis)
            throws IOException, InterruptedException {
        return resolve(new ScenarioUpload(fileName.substring(0, fileName.length() - ".java".length()),
                Map.of(fileName, source), Map.of()), work, timeoutMillis);
    }

    /** The jars the //DEPS lines of all the scenario's .java files resolve to. */
    public Resolution resolve(ScenarioUpload scenario, Path work, long timeoutMillis)
            throws IOException, InterruptedException {
        if (scenario.sources().values().stream().noneMatch(s -> s.contains("//DEPS"))) {
            return new Resolution(List.of(), null);
        }
        Path dir = Files.createDirectory(work.resolve("resolve"));
        // only the sources: resolving reads their //DEPS lines and nothing else
        Path file = new CheckSandbox.Input(new ScenarioUpload(scenario.name(), scenario.sources(), Map.of()), List.of(),
                "", false).writeInto(dir);
        Path log = dir.resolve("resolve.log");
        Path out = dir.resolve("jars.txt");
        List<String> command = new ArrayList<>(List.of(ScenarioChecker.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of("-jar", Path.of(config.launch().local().runnerJar()).toAbsolutePath().toString(),
                "resolve", "-f", file.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(ENVIRONMENT);
        Process p = pb.start();
        if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new Resolution(List.of(), new CheckSandbox.Outcome(true, -1, ""));
        }
        if (p.exitValue() != 0) {
            return new Resolution(List.of(), new CheckSandbox.Outcome(false, p.exitValue(),
                    Files.readString(log, StandardCharsets.UTF_8) + Files.readString(out, StandardCharsets.UTF_8)));
        }
        List<Path> jars = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(JAR_LINE))
                .map(l -> Path.of(l.substring(JAR_LINE.length()).strip())).toList();
        return new Resolution(jars, null);
    }
}
