package dev.barrage.controlplane.scenarios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code barrage check --hosted} on an upload where the scenario's code can reach nothing of the platform's: a
 * sandboxed process on this machine ({@link LocalCheckSandbox}) or a pod of its own on Kubernetes.
 */
public interface CheckSandbox {
    /**
     * What the check gets: the scenario (its .java files and data files), and the jars its //DEPS were resolved to
     * beforehand. Uploads are always checked with the hosted rules; only the sandbox's own tests turn them off, to show
     * that the sandbox holds whatever the rules let through.
     */
    record Input(ScenarioUpload scenario, List<Path> dependencyJars, String heap, boolean hostedRules) {
        public Input(ScenarioUpload scenario, List<Path> dependencyJars, String heap) {
            this(scenario, dependencyJars, heap, true);
        }

        /** A scenario of one file. */
        public Input(String fileName, String source, Map<String, byte[]> dataFiles, List<Path> dependencyJars, String heap,
                boolean hostedRules) {
            this(new ScenarioUpload(fileName.substring(0, fileName.length() - ".java".length()),
                    Map.of(fileName, source), dataFiles), dependencyJars, heap, hostedRules);
        }

        public Input(String fileName, String source, Map<String, byte[]> dataFiles, List<Path> dependencyJars, String heap) {
            this(fileName, source, dataFiles, dependencyJars, heap, true);
        }

        /**
         * Writes the scenario into a new folder {@code scenario} of {@code dir} as {@code barrage check -f} reads it:
         * its file with its data files beside it, or a folder named after the scenario holding them all. Returns what
         * {@code -f} names.
         */
        Path writeInto(Path dir) throws IOException {
            Path top = Files.createDirectory(dir.resolve("scenario"));
            Path where = scenario.folder() ? Files.createDirectory(top.resolve(scenario.name())) : top;
            for (Map.Entry<String, String> source : scenario.sources().entrySet()) {
                Files.writeString(where.resolve(source.getKey()), source.getValue(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, byte[]> data : scenario.dataFiles().entrySet()) {
                Files.write(where.resolve(data.getKey()), data.getValue());
            }
            return scenario.folder() ? where : where.resolve(scenario.sources().keySet().iterator().next());
        }

        /** The arguments of {@code barrage check} for the scenario at {@code file} and the jars at {@code jars}. */
        List<String> checkArguments(String file, List<String> jars) {
            List<String> args = new java.util.ArrayList<>(List.of("check"));
            if (hostedRules) {
                args.add("--hosted");
            }
            args.addAll(List.of("-f", file));
            if (!jars.isEmpty()) {
                args.add("--dependencies=" + String.join(":", jars));
            }
            return args;
        }
    }

    /** How it ended: stopped at its time limit, or its exit code and everything it printed. */
    record Outcome(boolean timedOut, int exitCode, String output) {}

    Outcome run(Input input, long timeoutMillis) throws IOException, InterruptedException;

    /** Called once at start-up when this is where checks run: a sandbox that cannot be made stops the start. */
    default void prepare() {}

    /** The check's JVM options: the heap and the limits that keep one check from taking this machine from others. */
    static List<String> jvmOptions(String heap) {
        return List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Xss1m", "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData");
    }
}
