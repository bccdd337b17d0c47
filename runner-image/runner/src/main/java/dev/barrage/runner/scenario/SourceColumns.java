package dev.barrage.runner.scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where on a source line a class file's reference was written (class files keep lines, not columns): the member's
 * name ({@code exit} in {@code System.exit(1)}), the {@code new} of a creation, the start of a method reference
 * ({@code System::exit}). The n-th reference to the same name on a line is the n-th place it is written.
 */
final class SourceColumns {
    private final String[] lines;
    private final Map<String, Integer> seen = new HashMap<>();

    SourceColumns(String code) {
        this.lines = code.split("\r?\n", -1);
    }

    /** The 1-based column of {@code name} on {@code line}; the line's first non-blank column when it is not there. */
    int column(int line, ClassReferences.Kind kind, String name, boolean handle) {
        if (line < 1 || line > lines.length) {
            return 1;
        }
        String text = lines[line - 1];
        String key = line + ":" + kind + ":" + name;
        int occurrence = seen.merge(key, 1, Integer::sum) - 1;
        String quoted = Pattern.quote(name);
        String reference = "([\\w$.\\[\\]]+)\\s*::\\s*" + (kind == ClassReferences.Kind.CREATE ? "new\\b" : quoted + "(?![\\w$])");
        String written = switch (kind) {
            case CREATE -> "\\bnew\\s+(?:[\\w$]+\\s*\\.\\s*)*" + quoted + "(?![\\w$])";
            case SUPER_CALL -> "\\b(?:super|this)\\s*\\(";
            case METHOD -> "(?<![\\w$])" + quoted + "\\s*\\(";
            case FIELD -> "(?<![\\w$])" + quoted + "(?![\\w$(])";
        };
        for (String regex : handle ? new String[] {reference, written} : new String[] {written, reference}) {
            int at = nth(Pattern.compile(regex).matcher(text), occurrence);
            if (at >= 0) {
                return at + 1;
            }
        }
        int first = 0;
        while (first < text.length() && Character.isWhitespace(text.charAt(first))) {
            first++;
        }
        return first + 1;
    }

    /** The start of the n-th match (or of the last one, when there are fewer), -1 when none. */
    private static int nth(Matcher m, int n) {
        int at = -1;
        for (int i = 0; i <= n && m.find(); i++) {
            at = m.start();
        }
        return at;
    }
}
