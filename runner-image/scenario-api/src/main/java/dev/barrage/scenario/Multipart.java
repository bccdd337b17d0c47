package dev.barrage.scenario;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578), as a browser sends a form with a file input and as Locust sends
 * {@code files=}: text fields and files, in the order they were added.
 *
 * <pre>{@code
 * client.post("/upload").multipart(Multipart.form()
 *         .field("title", "May report")
 *         .file("report", "report.csv", bytes, "text/csv"))
 *     .send();
 * }</pre>
 *
 * The boundary is chosen at random and checked against the parts' bytes, so no content can end a part early.
 */
public final class Multipart {
    private record Part(String name, String filename, String contentType, byte[] content) {}

    private final List<Part> parts = new ArrayList<>();
    private String boundary;
    private byte[] encoded;

    private Multipart() {}

    /** An empty form; add fields and files to it. */
    public static Multipart form() {
        return new Multipart();
    }

    /** A text field, sent as UTF-8. */
    public Multipart field(String name, String value) {
        return add(new Part(name, null, null, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8)));
    }

    /** A file input: {@code filename} is the name the server sees, {@code contentType} e.g. {@code "text/csv"}. */
    public Multipart file(String name, String filename, byte[] content, String contentType) {
        Objects.requireNonNull(filename, "filename");
        return add(new Part(name, filename, contentType == null ? "application/octet-stream" : contentType,
                Objects.requireNonNull(content, "content").clone()));
    }

    /** A file input whose content is text, sent as UTF-8. */
    public Multipart file(String name, String filename, String content, String contentType) {
        return file(name, filename, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8),
                contentType);
    }

    /** The {@code Content-Type} header of this body, with its boundary. */
    public String contentType() {
        encode();
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The encoded body. */
    public byte[] bytes() {
        return encode().clone();
    }

    private Multipart add(Part part) {
        Objects.requireNonNull(part.name(), "name");
        parts.add(part);
        encoded = null;
        boundary = null;
        return this;
    }

    private byte[] encode() {
        if (encoded != null) {
            return encoded;
        }
        String candidate;
        do {
            candidate = "----barrage" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
        } while (appearsInAPart(candidate));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--").append(candidate).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quoted(part.name())).append('"');
            if (part.filename() != null) {
                head.append("; filename=\"").append(quoted(part.filename())).append('"');
            }
            head.append("\r\n");
            if (part.contentType() != null) {
                head.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + candidate + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        boundary = candidate;
        encoded = out.toByteArray();
        return encoded;
    }

    private boolean appearsInAPart(String candidate) {
        byte[] needle = candidate.getBytes(StandardCharsets.US_ASCII);
        for (Part part : parts) {
            if (indexOf(part.content(), needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // RFC 7578 section 4.2 leaves the escaping open; browsers percent-encode these three, and servers decode them
    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
