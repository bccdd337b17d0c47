package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What could not be converted, as {@code locustfile.py:12:8: not converted: reason} lines in source order. */
final class ConversionWarnings {
    private final String fileName;
    private final List<int[]> positions = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    ConversionWarnings(String fileName) {
        this.fileName = fileName;
    }

    void add(JsonNode at, String reason) {
        String line = fileName + ":" + Py.line(at) + ":" + Py.column(at) + ": not converted: " + reason;
        if (!lines.contains(line)) {
            positions.add(new int[] {Py.line(at), Py.column(at)});
            lines.add(line);
        }
    }

    List<String> lines() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> positions.get(a)[0] != positions.get(b)[0]
                ? Integer.compare(positions.get(a)[0], positions.get(b)[0])
                : Integer.compare(positions.get(a)[1], positions.get(b)[1]));
        return order.stream().map(lines::get).toList();
    }
}
