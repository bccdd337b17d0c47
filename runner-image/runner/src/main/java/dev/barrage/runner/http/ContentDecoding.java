package dev.barrage.runner.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Undoes a response's Content-Encoding (gzip, deflate), the ones the client asks for by default. */
final class ContentDecoding {
    static final String ACCEPTED = "gzip, deflate";

    private ContentDecoding() {}

    /**
     * The body as the server meant it; the body itself for no or an unknown encoding (the scenario then sees what
     * arrived). Several encodings (e.g. {@code gzip, deflate}) are undone last first.
     */
    static byte[] decode(String contentEncoding, byte[] body) throws IOException {
        if (contentEncoding == null || body.length == 0) {
            return body;
        }
        String[] codings = contentEncoding.toLowerCase(Locale.ROOT).split(",");
        byte[] decoded = body;
        for (int i = codings.length - 1; i >= 0; i--) {
            decoded = switch (codings[i].trim()) {
                case "gzip", "x-gzip" -> readAll(new GZIPInputStream(new ByteArrayInputStream(decoded)));
                case "deflate" -> inflate(decoded);
                default -> decoded;
            };
        }
        return decoded;
    }

    /** "deflate" is zlib-wrapped by the spec, but some servers send raw deflate: both are accepted, as browsers do. */
    private static byte[] inflate(byte[] body) throws IOException {
        boolean zlib = body.length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] & 0xff) << 8 | (body[1] & 0xff)) % 31 == 0;
        Inflater inflater = new Inflater(!zlib);
        try {
            return readAll(new InflaterInputStream(new ByteArrayInputStream(body), inflater));
        } finally {
            inflater.end();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
