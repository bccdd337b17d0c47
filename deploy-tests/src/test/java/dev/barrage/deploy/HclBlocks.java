package dev.barrage.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The top-level blocks of a Terraform file ({@code resource "type" "name" { ... }}) with their bodies, by matching
 * braces outside strings, heredocs and comments. Not an HCL parser: {@code terraform fmt} and {@code terraform
 * providers} parse the files; this only finds blocks so tests can look into them.
 */
final class HclBlocks {
    record Block(String kind, List<String> labels, String body, String file) {
        String address() {
            return kind + (labels.isEmpty() ? "" : "." + String.join(".", labels));
        }

        boolean has(String regex) {
            return Pattern.compile(regex, Pattern.MULTILINE).matcher(body).find();
        }
    }

    private static final Pattern HEADER = Pattern.compile("^([a-z_]+)((?:\\s+\"[^\"]*\")*)\\s*\\{", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("\"([^\"]*)\"");

    private HclBlocks() {}

    static List<Block> of(String text, String file) {
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            Matcher m = HEADER.matcher(text);
            if (!m.find(i)) {
                break;
            }
            int open = m.end() - 1;
            int close = matchingBrace(text, open);
            List<String> labels = new ArrayList<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.add(l.group(1));
            }
            blocks.add(new Block(m.group(1), labels, text.substring(open + 1, close), file));
            i = close + 1;
        }
        return blocks;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                i = text.indexOf('\n', i);
                if (i < 0) {
                    break;
                }
            } else if (c == '<' && text.startsWith("<<", i)) {
                Matcher h = Pattern.compile("<<-?([A-Z]+)\\n").matcher(text).region(i, text.length());
                if (h.lookingAt()) {
                    Matcher end = Pattern.compile("^\\s*" + h.group(1) + "$", Pattern.MULTILINE).matcher(text);
                    if (!end.find(h.end())) {
                        throw new IllegalArgumentException("unterminated heredoc " + h.group(1));
                    }
                    i = end.end() - 1;
                }
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces from offset " + open);
    }

    /** Skips a quoted string, with its escapes and ${...} interpolations (which may hold strings of their own). */
    private static int endOfString(String text, int quote) {
        for (int i = quote + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int depth = 0;
                for (i = i + 1; i < text.length(); i++) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        i = endOfString(text, i);
                    } else if (d == '{') {
                        depth++;
                    } else if (d == '}' && --depth == 0) {
                        break;
                    }
                }
            }
        }
        throw new IllegalArgumentException("unterminated string at offset " + quote);
    }
}
