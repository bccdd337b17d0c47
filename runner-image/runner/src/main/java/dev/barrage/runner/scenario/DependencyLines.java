package dev.barrage.runner.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code //DEPS group:artifact:version} lines of a scenario (JBang's syntax): one or more coordinates per line,
 * separated by spaces or commas. A scenario of several files has the lines of all of them.
 */
record DependencyLines(List<Line> lines) {

    /** One coordinate, the file and the line it was written on (1-based). */
    record Line(String file, int number, String coordinates) {}

    static DependencyLines of(ScenarioSources sources) {
        List<Line> found = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<String, String> source : sources.sources().entrySet()) {
            // helpers may name the same library as the user classes: it is one dependency, placed at its first line
            of(source.getKey(), source.getValue()).lines().stream().filter(l -> seen.add(l.coordinates()))
                    .forEach(found::add);
        }
        return new DependencyLines(List.copyOf(found));
    }

    static DependencyLines of(String file, String code) {
        List<Line> found = new ArrayList<>();
        String[] lines = code.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("//DEPS")) {
                continue;
            }
            for (String coordinates : line.substring("//DEPS".length()).strip().split("[\\s,]+")) {
                if (!coordinates.isEmpty()) {
                    found.add(new Line(file, i + 1, coordinates));
                }
            }
        }
        return new DependencyLines(List.copyOf(found));
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }
}
