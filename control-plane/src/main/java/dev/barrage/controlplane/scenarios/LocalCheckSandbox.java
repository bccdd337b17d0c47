package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The check as a process on this machine. With {@code barrage.check.sandbox=required} it runs as the sandbox user in
 * namespaces of its own (no network, no other process in sight), with an empty environment, in a folder that only
 * that user can read, holding the scenario, its data files and read-only copies of its resolved //DEPS jars.
 */
@ApplicationScoped
@jakarta.inject.Named("local")
public class LocalCheckSandbox implements CheckSandbox {
    private static final Logger LOG = Logger.getLogger(LocalCheckSandbox.class);
    /**
     * The whole environment of the check: none. Java needs no variable; its home and temporary folder are given as
     * system properties instead, so nothing of the control plane's environment reaches scenario code.
     */
    static final Map<String, String> ENVIRONMENT = Map.of();

    @Inject
    BarrageConfig config;

    @Inject
    CheckSettings settings;

    /** Null when the sandbox is off. */
    private Sandbox sandbox;

    /** A required sandbox that cannot be made stops the control plane. */
    @Override
    public void prepare() {
        String mode = settings.sandbox().trim();
        switch (mode) {
            case "off" -> {
                sandbox = null;
                LOG.warn("barrage.check.sandbox=off: upload checks run as this process's user, with its network and "
                        + "access to its files; use it on a developer's machine only");
            }
            case "required" -> {
                Sandbox wanted = new Sandbox(settings.uid(), settings.gid().orElse(settings.uid()), Sandbox.Network.NONE);
                Path jar = runnerJar();
                String missing = wanted.unavailable(List.of(Path.of(ScenarioChecker.javaExecutable()), jar,
                        jar.resolveSibling("lib")));
                if (missing != null) {
                    throw new IllegalStateException("barrage.check.sandbox=required, but the upload check's sandbox "
                            + "cannot be made: " + missing + ". Run the control plane as root on Linux with util-linux, "
                            + "or (on a developer's machine only) set barrage.check.sandbox=off");
                }
                sandbox = wanted;
                LOG.infof("upload checks run sandboxed: uid %d, no network, empty environment", wanted.uid());
            }
            default -> throw new IllegalStateException("barrage.check.sandbox must be 'required' or 'off', got '" + mode + "'");
        }
    }

    @Override
    public Outcome run(Input input, long timeoutMillis) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("barrage-check-");
        try {
            // the sandbox user may pass through, not list: its own folder is all it can reach in here
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
            Path box = sandbox != null ? sandbox.ownFolder(work, "box") : Files.createDirectory(work.resolve("box"));
            Path tmp = box.resolve("tmp");
            Files.createDirectory(tmp);
            if (sandbox != null) {
                sandbox.own(tmp);
            }
            Path file = input.writeInto(box);
            List<String> jars = readOnlyCopies(input.dependencyJars(), Files.createDirectory(box.resolve("deps")));
            Path log = work.resolve("check.log");
            List<String> command = new ArrayList<>(List.of(ScenarioChecker.javaExecutable()));
            command.addAll(CheckSandbox.jvmOptions(input.heap()));
            command.addAll(List.of("-Duser.home=" + box, "-Djava.io.tmpdir=" + tmp, "-jar", runnerJar().toString()));
            command.addAll(input.checkArguments(file.toString(), jars));
            ProcessBuilder pb = new ProcessBuilder(sandbox != null ? sandbox.wrap(command) : command)
                    .directory(box.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().clear();
            pb.environment().putAll(ENVIRONMENT);
            Process p = pb.start();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                Sandbox.destroy(p);
                p.waitFor(10, TimeUnit.SECONDS);
                return new Outcome(true, -1, Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Outcome(false, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            delete(work);
        }
    }

    /** The jars, copied into the sandbox's folder, owned by the control plane's user and readable by everyone. */
    private static List<String> readOnlyCopies(List<Path> jars, Path deps) throws IOException {
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            Path copy = deps.resolve(i + "-" + jars.get(i).getFileName());
            Files.copy(jars.get(i), copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));
            copies.add(copy.toString());
        }
        return copies;
    }

    Path runnerJar() {
        return Path.of(config.launch().local().runnerJar()).toAbsolutePath().normalize();
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
