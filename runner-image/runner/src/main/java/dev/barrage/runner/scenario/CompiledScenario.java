package dev.barrage.runner.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classes compiled from a scenario, loaded and ready to inspect, with what is needed to ship them to a runner
 * without compiling again: the class files and the resolved {@code //DEPS} jars.
 *
 * @param source the scenario file, or its folder; test data files are looked up in the folder
 * @param classBytes class files by binary class name
 * @param folder whether {@code source} is a folder of {@code .java} files
 * @param sourceFiles the names of its {@code .java} files
 */
public record CompiledScenario(Path source, List<Class<?>> classes, Map<String, byte[]> classBytes,
        List<Path> dependencyJars, boolean folder, Set<String> sourceFiles) {

    public CompiledScenario {
        classes = List.copyOf(classes);
        classBytes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(classBytes));
        dependencyJars = List.copyOf(dependencyJars);
        sourceFiles = Set.copyOf(sourceFiles);
    }

    /** One scenario file's classes. */
    public CompiledScenario(Path source, List<Class<?>> classes, Map<String, byte[]> classBytes,
            List<Path> dependencyJars) {
        this(source, classes, classBytes, dependencyJars, false, Set.of(source.getFileName().toString()));
    }

    public CompiledScenario(Path source, List<Class<?>> classes) {
        this(source, classes, Map.of(), List.of());
    }

    /** How messages name the scenario: {@code Shop.java}, or {@code shop/} for a folder. */
    public String name() {
        return ScenarioSources.name(source, folder);
    }

    /** Where its test data files are. */
    public Path dataFolder() {
        return folder ? source.toAbsolutePath() : source.toAbsolutePath().getParent();
    }

    /** Loads a scenario from a bundle written by {@link ScenarioBundle#write}, without compiling. */
    public static CompiledScenario fromBundle(Path bundleJar, List<Path> dependencyJars) throws ScenarioException {
        try {
            return ScenarioBundle.load(bundleJar, dependencyJars);
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario bundle " + bundleJar + ": " + e.getMessage());
        }
    }

    /** Defines and loads the classes, in the given order, with a class loader of their own. */
    static List<Class<?>> load(Map<String, byte[]> classBytes, List<Path> dependencyJars) throws ScenarioException {
        ClassLoader loader = new ScenarioClassLoader(classBytes, dependencyJars);
        List<Class<?>> loaded = new java.util.ArrayList<>();
        for (String name : classBytes.keySet()) {
            try {
                loaded.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ScenarioException("cannot load compiled class " + name + ": " + e);
            }
        }
        return loaded;
    }
}
