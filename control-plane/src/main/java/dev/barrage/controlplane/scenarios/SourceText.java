package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.security.ProblemException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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

    /** A {@code .java} file's bytes as text: UTF-8, else an error at the line and column of the first bad byte. */
    static String decode(byte[] bytes, String fileName) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            // the decoder stops at the first byte that is not UTF-8
            String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            int column = before.length() - before.lastIndexOf('\n');
            throw ProblemException.badRequest(fileName + ":" + line + ":" + column + ": the source is not UTF-8 text "
                    + String.format("(byte 0x%02x)", bytes[in.position()] & 0xff) + "; save the file as UTF-8")
                    .with("field", "files");
        }
        String text = out.flip().toString();
        requireWellFormed(text, fileName);
        return text;
    }
}
