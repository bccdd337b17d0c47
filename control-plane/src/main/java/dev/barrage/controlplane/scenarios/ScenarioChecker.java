package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.BarrageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles an uploaded scenario with {@code barrage check} in a separate JVM with a memory and time limit, so that a
 * scenario never loads into the control plane and a hostile one cannot hurt it.
 */
@ApplicationScoped
public class ScenarioChecker {
    static final Pattern ERROR_LINE = Pattern.compile("^([^\\s:]+\\.java):(\\d+):(\\d+): (.*)$");
    static final long TIMEOUT_SECONDS = 90;
    static final String LOAD_LINE = "load: ";

    @Inject
    BarrageConfig config;

    /**
     * The verdict: no errors, or the compiler's errors, or a reason the check itself could not finish; when it
     * compiled, what drives its users ({@code barrage check}'s {@code load:} line, a {@code LoadProfile} as JSON).
     */
    public record Result(List<CompileError> errors, String otherProblem, String loadProfile) {
        public Result(List<CompileError> errors, String otherProblem) {
            this(errors, otherProblem, null);
        }

        public boolean ok() {
            return errors.isEmpty() && otherProblem == null;
        }
    }

    public Result check(String fileName, String source, java.util.Map<String, byte[]> dataFiles)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("barrage-check-");
        try {
            Path file = dir.resolve(fileName);
            Files.writeString(file, source, StandardCharsets.UTF_8);
            for (java.util.Map.Entry<String, byte[]> data : dataFiles.entrySet()) {
                Files.write(dir.resolve(data.getKey()), data.getValue());
            }
            Path log = dir.resolve("check.log");
            Process p = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", Path.of(config.launch().local().runnerJar()).toAbsolutePath().toString(),
                    "check", "-f", file.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(List.of(), "compiling took longer than " + TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() == 0) {
                String load = output.lines().filter(l -> l.startsWith(LOAD_LINE)).map(l -> l.substring(LOAD_LINE.length()))
                        .reduce((a, b) -> b).orElse(null);
                return new Result(List.of(), null, load);
            }
            List<CompileError> errors = new ArrayList<>();
            for (String line : output.split("\n")) {
                Matcher m = ERROR_LINE.matcher(line);
                if (m.matches()) {
                    errors.add(new CompileError(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                            m.group(4)));
                }
            }
            if (errors.isEmpty()) {
                return new Result(List.of(), output.strip().lines().findFirst().orElse("the scenario check failed"));
            }
            return new Result(errors, null);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
