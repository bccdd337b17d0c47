package dev.barrage.runner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Parses a locustfile with the user's own {@code python3} and its {@code ast} module: the parser of the language
 * itself, so every syntax the user's Python accepts is read exactly as Python reads it, and nothing of Python's
 * grammar lives in this project. A small script (dump_ast.py) prints the tree as JSON, read here with Jackson.
 */
public final class PythonSyntaxTree {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final String python;

    public PythonSyntaxTree(String python) {
        this.python = python;
    }

    /** The interpreter named by BARRAGE_PYTHON, else {@code python3} on the PATH. */
    public static PythonSyntaxTree fromEnvironment() {
        String configured = System.getenv("BARRAGE_PYTHON");
        return new PythonSyntaxTree(configured == null || configured.isBlank() ? "python3" : configured);
    }

    /** The module's tree: a JSON object per node, {@code _type} naming the node class, with its line and column. */
    public JsonNode parse(Path file) throws ConvertException, IOException {
        Path script = Files.createTempFile("barrage-dump-ast", ".py");
        try {
            try (InputStream in = PythonSyntaxTree.class.getResourceAsStream("dump_ast.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process process;
            try {
                process = new ProcessBuilder(python, script.toString(), file.toString()).start();
            } catch (IOException e) {
                throw new ConvertException("barrage convert needs Python 3 to read the locustfile, and '" + python
                        + "' cannot be run (" + e.getMessage() + "): install python3 (e.g. apt-get install python3) "
                        + "or name an interpreter with BARRAGE_PYTHON=/path/to/python3");
            }
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ConvertException(python + " did not parse " + file + " within " + TIMEOUT_SECONDS + " s");
            }
            String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (out.length == 0) {
                throw new ConvertException(python + " could not read " + file + ": "
                        + (stderr.isEmpty() ? "exit code " + process.exitValue() : lastLine(stderr)));
            }
            JsonNode answer = JSON.readTree(out);
            if (answer.has("error")) {
                throw new ConvertException(file.getFileName() + ":" + answer.path("lineno").asInt() + ":"
                        + (answer.path("col_offset").asInt() + 1) + ": not Python 3 (" + python + "): "
                        + answer.get("error").asText());
            }
            if (!answer.path("python").asText().startsWith("3.")) {
                throw new ConvertException("'" + python + "' is Python " + answer.path("python").asText()
                        + "; barrage convert needs Python 3");
            }
            return answer.get("module");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConvertException("interrupted while " + python + " parsed " + file);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\\R");
        return lines[lines.length - 1];
    }
}
