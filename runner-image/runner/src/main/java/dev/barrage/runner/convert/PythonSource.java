package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The locustfile's lines, to copy a statement that was not converted into its TODO comment. */
final class PythonSource {
    private final List<String> lines;

    PythonSource(String text) {
        this.lines = text.lines().toList();
    }

    String line(JsonNode n) {
        int i = Py.line(n) - 1;
        return i >= 0 && i < lines.size() ? lines.get(i).strip() : "";
    }

    /** The node's lines, with their common indentation taken off. */
    List<String> lines(JsonNode n) {
        int from = Py.line(n) - 1;
        int to = Math.max(from, n.path("end_lineno").asInt(from + 1) - 1);
        List<String> out = new ArrayList<>();
        int indent = Integer.MAX_VALUE;
        for (int i = Math.max(0, from); i <= to && i < lines.size(); i++) {
            String l = lines.get(i).stripTrailing();
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
            out.add(l);
        }
        int cut = indent == Integer.MAX_VALUE ? 0 : indent;
        return out.stream().map(l -> l.length() >= cut ? l.substring(cut) : l.strip()).toList();
    }
}
