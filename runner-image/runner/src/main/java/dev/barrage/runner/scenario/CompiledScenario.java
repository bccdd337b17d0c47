package dev.barrage.runner.scenario;

import java.nio.file.Path;
import java.util.List;

/** The classes compiled from a scenario file, loaded and ready to inspect. */
public record CompiledScenario(Path source, List<Class<?>> classes) {}
