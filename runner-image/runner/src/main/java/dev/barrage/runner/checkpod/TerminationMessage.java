package dev.barrage.runner.checkpod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The check's output as the pod's termination message, which Kubernetes keeps to 4096 bytes: all of it when it fits;
 * otherwise, after a check that passed, its {@code ok:} and {@code load:} lines (what the control plane reads), and
 * after one that failed, its first lines (the first compile errors) and its last (how the JVM ended).
 */
final class TerminationMessage {
    static final int LIMIT = 4096;
    /** A line longer than this is cut: no one line may crowd out the rest. */
    private static final int MAX_LINE = 1024;
    private static final String ELLIPSIS = "…";

    private TerminationMessage() {}

    static String fit(String output, int exitCode) {
        if (bytes(output) <= LIMIT) {
            return output;
        }
        List<String> lines = output.lines().toList();
        if (exitCode == 0) {
            List<String> verdict = new ArrayList<>();
            last(lines, "ok: ").ifPresent(l -> verdict.add(cut(l, MAX_LINE)));
            // a load line too long to keep is left out whole: the control plane then knows no load profile
            last(lines, "load: ").filter(l -> bytes(l) <= LIMIT - MAX_LINE - 2).ifPresent(verdict::add);
            return String.join("\n", verdict) + "\n";
        }
        // the first lines (the first compile errors) get three quarters, the last lines (how the JVM ended) the rest
        StringBuilder head = new StringBuilder();
        int headBytes = 0;
        int shown = 0;
        for (String raw : lines) {
            String line = cut(raw, MAX_LINE);
            if (headBytes + bytes(line) + 1 > LIMIT * 3 / 4) {
                break;
            }
            head.append(line).append('\n');
            headBytes += bytes(line) + 1;
            shown++;
        }
        List<String> tail = new ArrayList<>();
        int tailBytes = 0;
        for (int i = lines.size() - 1; i >= shown; i--) {
            String line = cut(lines.get(i), MAX_LINE / 2);
            if (headBytes + tailBytes + bytes(line) + 1 > LIMIT - 64) {
                break;
            }
            tail.addFirst(line);
            tailBytes += bytes(line) + 1;
        }
        int left = lines.size() - shown - tail.size();
        return head + (left > 0 ? ELLIPSIS + " (" + left + " more lines in the pod's log)\n" : "")
                + tail.stream().map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
    }

    private static Optional<String> last(List<String> lines, String prefix) {
        return lines.reversed().stream().filter(l -> l.startsWith(prefix)).findFirst();
    }

    /** The line within {@code maxBytes} of UTF-8, cut between characters. */
    static String cut(String line, int maxBytes) {
        if (line.length() * 4 <= maxBytes || bytes(line) <= maxBytes) {
            return line;
        }
        int budget = maxBytes - bytes(ELLIPSIS);
        int used = 0;
        int end = 0;
        while (end < line.length()) {
            int cp = line.codePointAt(end);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + n > budget) {
                break;
            }
            used += n;
            end += Character.charCount(cp);
        }
        return line.substring(0, end) + ELLIPSIS;
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
