package dev.barrage.runner.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code //DEPS group:artifact:version} lines of a scenario (JBang's syntax): one or more coordinates per line,
 * separated by spaces or commas.
 */
record DependencyLines(List<Line> lines) {

    /** One coordinate and the line it was written on (1-based). */
    record Line(int number, String coordinates) {}

    static DependencyLines of(String code) {
        List<Line> found = new ArrayList<>();
        String[] lines = code.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("//DEPS")) {
                continue;
            }
            for (String coordinates : line.substring("//DEPS".length()).strip().split("[\\s,]+")) {
                if (!coordinates.isEmpty()) {
                    found.add(new Line(i + 1, coordinates));
                }
            }
        }
        return new DependencyLines(List.copyOf(found));
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }
}
