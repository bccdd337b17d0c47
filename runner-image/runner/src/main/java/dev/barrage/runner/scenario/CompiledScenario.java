package dev.barrage.runner.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The classes compiled from a scenario file, loaded and ready to inspect, with what is needed to ship them to a
 * runner without compiling again: the class files and the resolved {@code //DEPS} jars.
 *
 * @param source the scenario file; test data files are looked up next to it
 * @param classBytes class files by binary class name
 */
public record CompiledScenario(Path source, List<Class<?>> classes, Map<String, byte[]> classBytes,
        List<Path> dependencyJars) {

    public CompiledScenario {
        classes = List.copyOf(classes);
        classBytes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(classBytes));
        dependencyJars = List.copyOf(dependencyJars);
    }

    public CompiledScenario(Path source, List<Class<?>> classes) {
        this(source, classes, Map.of(), List.of());
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
