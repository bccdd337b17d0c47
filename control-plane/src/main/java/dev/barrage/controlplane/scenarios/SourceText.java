package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;

/** A scenario's source must be text that UTF-8 can carry: JSON allows lone surrogates ("\ud800"), files cannot. */
final class SourceText {
    private SourceText() {}

    static void requireWellFormed(String source, String fileName) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < source.length() && Character.isLowSurrogate(source.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == '\u0000') {
                throw ProblemException.badRequest(fileName + ":" + line + ":" + column + ": the source is not text: "
                        + (c == '\u0000' ? "a NUL character" : String.format("a lone surrogate \\u%04x", (int) c))
                        + "; save the file as UTF-8").with("field", "source");
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
    }
}
