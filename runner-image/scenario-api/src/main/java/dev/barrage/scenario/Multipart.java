package dev.barrage.scenario;

import dev.barrage.scenario.spi.DataFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578), as a browser sends a form with a file input and as Locust sends
 * {@code files=}: text fields and files, in the order they were added. An immutable value, like {@link Tls}: each
 * method returns a new form, so one form in a static field can be sent by every user.
 *
 * <pre>{@code
 * static final Multipart REPORT = Multipart.form().fileFrom("report", "report.csv", "text/csv");  // next to the scenario
 *
 * client.post("/upload").multipart(REPORT.field("title", "May report")).send();
 * }</pre>
 *
 * The boundary is chosen at random and is never a part of any content, so no content can end a part early.
 */
public final class Multipart {
    private record Part(String name, String filename, String contentType, byte[] content) {}

    /** The encoded body and the boundary it was encoded with, made once per form (whichever user sends it first). */
    record Encoded(String contentType, byte[] body) {}

    private final List<Part> parts;
    private volatile Encoded encoded;

    private Multipart(List<Part> parts) {
        this.parts = parts;
    }

    /** An empty form; add fields and files to it. */
    public static Multipart form() {
        return new Multipart(List.of());
    }

    /** This form and a text field, sent as UTF-8. */
    public Multipart field(String name, String value) {
        return with(new Part(name, null, null, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * This form and a file input: {@code filename} is the name the server sees, {@code contentType} e.g.
     * {@code "text/csv"} ({@code application/octet-stream} when null).
     */
    public Multipart file(String name, String filename, byte[] content, String contentType) {
        Objects.requireNonNull(filename, "filename");
        String type = contentType == null ? "application/octet-stream" : contentType;
        if (type.indexOf('\r') >= 0 || type.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a content type cannot hold a line break: " + type.strip());
        }
        return with(new Part(name, filename, type, Objects.requireNonNull(content, "content").clone()));
    }

    /** This form and a file input whose content is text, sent as UTF-8. */
    public Multipart file(String name, String filename, String content, String contentType) {
        return file(name, filename, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8),
                contentType);
    }

    /**
     * This form and a file input with the content of a data file next to the scenario, read while the scenario loads
     * (declare the form in a static field, as a feeder); the server sees the file's own name.
     */
    public Multipart fileFrom(String name, String dataFile, String contentType) {
        Path path = DataFiles.resolve(dataFile);
        try {
            return file(name, path.getFileName().toString(), Files.readAllBytes(path), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload file " + dataFile + ": " + e.getMessage(), e);
        }
    }

    /** The {@code Content-Type} header of this body, with its boundary. */
    public String contentType() {
        return encoded().contentType();
    }

    /** The encoded body. */
    public byte[] bytes() {
        return encoded().body().clone();
    }

    private Multipart with(Part part) {
        Objects.requireNonNull(part.name(), "name");
        List<Part> more = new ArrayList<>(parts);
        more.add(part);
        return new Multipart(List.copyOf(more));
    }

    /** The body with its content type; both from one encoding, so the boundary in one is the one in the other. */
    Encoded encoded() {
        Encoded e = encoded;
        if (e == null) {
            e = encode();
            encoded = e; // two users encoding at once each get a consistent pair; either may stay
        }
        return e;
    }

    private Encoded encode() {
        String boundary;
        do {
            boundary = "----barrage" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
        } while (appearsInAPart(boundary));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
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
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Encoded("multipart/form-data; boundary=" + boundary, out.toByteArray());
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

    // RFC 7578 section 4.2 leaves the escaping open; browsers (the HTML standard) percent-encode these three
    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
