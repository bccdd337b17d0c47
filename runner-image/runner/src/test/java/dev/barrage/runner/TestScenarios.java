package dev.barrage.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies the test scenarios out of the test resources into a folder, as a user would have them (replacing a copy). */
public final class TestScenarios {
    private TestScenarios() {}

    public static Path copy(String name, Path dir) {
        try (InputStream in = TestScenarios.class.getResourceAsStream("/scenarios/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test scenario " + name);
            }
            Path file = dir.resolve(name);
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
