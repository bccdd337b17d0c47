package dev.barrage.runner.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

/**
 * A built scenario as one jar, the form in which it is stored and handed to runners: its class files, the name of
 * its source file, and its test data files under {@code data/}. The {@code //DEPS} jars travel beside it.
 */
public final class ScenarioBundle {
    private static final String SOURCE_ENTRY = "META-INF/barrage/source-file";
    private static final String DATA = "data/";

    private ScenarioBundle() {}

    /** Writes the bundle; {@code dataFiles} are the test data files the scenario reads (its CSV feeders). */
    public static void write(CompiledScenario scenario, Path jar, List<Path> dataFiles) throws IOException {
        if (scenario.classBytes().isEmpty()) {
            throw new IllegalArgumentException("this scenario was loaded without its class files: nothing to bundle");
        }
        Path parent = jar.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(SOURCE_ENTRY));
            out.write(scenario.source().getFileName().toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Map.Entry<String, byte[]> c : scenario.classBytes().entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
            }
            for (Path data : dataFiles) {
                out.putNextEntry(new JarEntry(DATA + data.getFileName()));
                out.write(Files.readAllBytes(data));
                out.closeEntry();
            }
        }
    }

    /** Reads a bundle; its data files are unpacked into a new temporary folder, where the scenario finds them. */
    static CompiledScenario load(Path jar, List<Path> dependencyJars) throws IOException, ScenarioException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        Map<String, byte[]> data = new LinkedHashMap<>();
        String sourceName = null;
        try (InputStream file = Files.newInputStream(jar); JarInputStream in = new JarInputStream(file)) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                String name = e.getName();
                if (name.equals(SOURCE_ENTRY)) {
                    sourceName = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                } else if (name.startsWith(DATA) && !e.isDirectory()) {
                    data.put(name.substring(DATA.length()), in.readAllBytes());
                } else if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        if (sourceName == null || classes.isEmpty()) {
            throw new ScenarioException(jar + " is not a scenario bundle (no " + SOURCE_ENTRY + " or no classes)");
        }
        Path dir = Files.createTempDirectory("barrage-scenario");
        for (Map.Entry<String, byte[]> d : data.entrySet()) {
            Path target = dir.resolve(d.getKey()).normalize();
            if (!target.getParent().equals(dir)) {
                throw new ScenarioException("bad data file name in bundle: " + d.getKey());
            }
            Files.write(target, d.getValue());
        }
        return new CompiledScenario(dir.resolve(sourceName), CompiledScenario.load(classes, dependencyJars), classes,
                dependencyJars);
    }
}
