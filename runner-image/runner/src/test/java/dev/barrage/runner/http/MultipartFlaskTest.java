package dev.barrage.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.scenario.Multipart;
import dev.barrage.scenario.Response;
import dev.barrage.scenario.spi.DataFiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multipart uploads read by a parser nobody here wrote: Werkzeug's, in a Flask app that answers what it found (each
 * field, and each file's name, type, size and SHA-256). Contents hold what could end a part early if the boundary
 * were not checked (CRLF, dashes, the boundary's prefix) and names hold quotes and non-ASCII letters.
 */
class MultipartFlaskTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static FlaskServer flask;

    final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        flask = new FlaskServer(dir, "upload_app.py");
    }

    @AfterAll
    static void stop() throws Exception {
        if (flask != null) {
            flask.close();
        }
    }

    UserHttpClient client() {
        return new UserHttpClient(URI.create(flask.url()), (type, name, micros, bytes, error) -> errors.add(String.valueOf(error)));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void flaskReadsEveryFieldAndFileAsSent() throws Exception {
        byte[] binary = new byte[300_000]; // larger than a socket buffer: written apart from the head
        new Random(21).nextBytes(binary);
        byte[] tricky = "--\r\n------barrage\r\n--boundary--\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);
        Multipart form = Multipart.form()
                .field("title", "Maï report")
                .field("title", "second value")
                .field("empty", "")
                .file("upload", "binary.bin", binary, null)
                .file("upload", "say \"hi\" résumé.csv", "a,b\r\n1,2\r\n", "text/csv")
                .file("tricky", "tricky.txt", tricky, "text/plain")
                .file("nothing", "empty.txt", new byte[0], "text/plain");
        int loggedBefore = flask.logged().size();
        Response r;
        try (UserHttpClient http = client()) {
            r = http.post("/upload").multipart(form).send();
            assertThat(http.post("/upload").multipart(form).send().text()).as("the same form again").isEqualTo(r.text());
        }
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.text());
        List<String> fields = new ArrayList<>();
        answer.get("fields").forEach(f -> fields.add(f.get(0).asText() + "=" + f.get(1).asText()));
        assertThat(fields).containsExactly("title=Maï report", "title=second value", "empty=");
        List<String> files = new ArrayList<>();
        answer.get("files").forEach(f -> files.add(f.get("field").asText() + " " + f.get("filename").asText() + " "
                + f.get("contentType").asText() + " " + f.get("size").asLong() + " " + f.get("sha256").asText()));
        // a quote in a name goes as %22, as browsers send it (the HTML standard); Debian's Werkzeug 2.2 leaves it so,
        // Werkzeug 2.3 and later turn it back into a quote
        assertThat(files).containsExactly(
                "upload binary.bin application/octet-stream 300000 " + sha256(binary),
                "upload say %22hi%22 résumé.csv text/csv 10 " + sha256("a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8)),
                "tricky tricky.txt text/plain " + tricky.length + " " + sha256(tricky),
                "nothing empty.txt text/plain 0 " + sha256(new byte[0]));
        assertThat(errors).containsExactly("null", "null");
        assertThat(flask.logged().subList(loggedBefore, flask.logged().size()))
                .containsExactly("POST /upload 200", "POST /upload 200");
    }

    @Test
    void aFormIsAValueOneUserCannotChangeForAnother() {
        Multipart base = Multipart.form().field("a", "1");
        Multipart more = base.field("b", "2");
        assertThat(new String(base.bytes(), StandardCharsets.UTF_8)).contains("name=\"a\"").doesNotContain("name=\"b\"");
        assertThat(new String(more.bytes(), StandardCharsets.UTF_8)).contains("name=\"a\"").contains("name=\"b\"");
        String boundary = base.contentType().substring(base.contentType().indexOf("boundary=") + 9);
        assertThat(new String(base.bytes(), StandardCharsets.UTF_8)).startsWith("--" + boundary + "\r\n")
                .endsWith("\r\n--" + boundary + "--\r\n");
        assertThatThrownBy(() -> Multipart.form().file("f", "f.txt", "x", "text/plain\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test
    void aDataFileNextToTheScenarioIsUploadedUnderItsOwnName() throws Exception {
        byte[] content = "id,name\n1,ann\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("users.csv"), content);
        Multipart form = DataFiles.resolvingWith(dir::resolve, () -> Multipart.form().fileFrom("data", "users.csv", "text/csv"));
        try (UserHttpClient http = client()) {
            JsonNode file = JSON.readTree(http.post("/upload").multipart(form).send().text()).get("files").get(0);
            assertThat(file.get("filename").asText()).isEqualTo("users.csv");
            assertThat(file.get("sha256").asText()).isEqualTo(sha256(content));
        }
        assertThatThrownBy(() -> DataFiles.resolvingWith(dir::resolve, () -> Multipart.form().fileFrom("d", "missing.csv", null)))
                .hasMessageContaining("cannot read the upload file missing.csv");
    }
}
