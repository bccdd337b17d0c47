package dev.barrage.runner.convert;

import java.util.ArrayList;
import java.util.List;

/** Java source lines with their indentation, four spaces a level. */
final class JavaWriter {
    private final List<String> lines = new ArrayList<>();
    private int depth;

    JavaWriter line(String text) {
        lines.add(text.isEmpty() ? "" : "    ".repeat(depth) + text);
        return this;
    }

    JavaWriter open(String text) {
        line(text + " {");
        depth++;
        return this;
    }

    JavaWriter close() {
        return close("}");
    }

    JavaWriter close(String text) {
        depth--;
        return line(text);
    }

    void indent(int levels) {
        depth += levels;
    }

    /** A line between two blocks at the level of their opening line: "} else {". */
    JavaWriter middle(String text) {
        depth--;
        line(text);
        depth++;
        return this;
    }

    /** The original Python lines as comments: {@code // TODO(convert) <line>}, then the reason. */
    JavaWriter todo(List<String> python, String reason) {
        line("// TODO(convert) " + reason);
        for (String p : python) {
            line("//     " + p);
        }
        return this;
    }

    void append(JavaWriter other) {
        for (String l : other.lines) {
            lines.add(l.isEmpty() ? "" : "    ".repeat(depth) + l);
        }
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    @Override
    public String toString() {
        return String.join("\n", lines) + "\n";
    }
}
