package dev.barrage.controlplane;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts PostgreSQL, Kafka and Keycloak through the same {@code infra/up} a developer uses, once per test run, before
 * the application starts; stops at the end the ones that were not running before.
 */
public class InfraServices implements QuarkusTestResourceLifecycleManager {
    private static final List<String> SERVICES = List.of("postgres", "kafka", "keycloak");
    private final List<String> startedHere = new ArrayList<>();

    static Path root() {
        return Path.of(System.getProperty("barrage.root", "..")).toAbsolutePath().normalize();
    }

    @Override
    public Map<String, String> start() {
        String status = run("status").output;
        for (String service : SERVICES) {
            if (status.lines().noneMatch(l -> l.matches("^" + service + "\\s+running\\b.*"))) {
                startedHere.add(service);
            }
        }
        Result up = run("up");
        if (up.exitCode != 0) {
            throw new IllegalStateException("infra/up failed (exit " + up.exitCode + "):\n" + up.output);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        if (!startedHere.isEmpty() && System.getenv("BARRAGE_INFRA_KEEP") == null) {
            List<String> args = new ArrayList<>(List.of("down"));
            args.addAll(startedHere);
            run(args.toArray(String[]::new));
        }
    }

    public record Result(int exitCode, String output) {}

    public static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("infra").resolve(args[0]).toString());
        command.addAll(List.of(args).subList(1, args.length));
        try {
            Process p = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "infra/" + args[0] + " timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
