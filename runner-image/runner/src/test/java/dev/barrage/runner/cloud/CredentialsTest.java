package dev.barrage.runner.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsTheOwnersOnlyAndReadBack() throws Exception {
        new Credentials("https://barrage.example.com", "brg_secret", "p1").save(dir);
        Path file = dir.resolve("credentials");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Credentials.load(dir)).isEqualTo(new Credentials("https://barrage.example.com", "brg_secret", "p1"));
        new Credentials("https://other.example.com", "brg_other", null).save(dir);
        assertThat(Credentials.load(dir)).isEqualTo(new Credentials("https://other.example.com", "brg_other", null));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void optionsThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        new Credentials("https://saved.example.com", "brg_saved", "saved-project").save(dir);
        assertThat(Credentials.resolve(Map.of(), dir, null, null))
                .isEqualTo(new Credentials("https://saved.example.com", "brg_saved", "saved-project"));
        assertThat(Credentials.resolve(Map.of("BARRAGE_TOKEN", " brg_env\n", "BARRAGE_URL", "https://env.example.com",
                "BARRAGE_PROJECT", "env-project"), dir, null, null))
                .isEqualTo(new Credentials("https://env.example.com", "brg_env", "env-project"));
        assertThat(Credentials.resolve(Map.of("BARRAGE_URL", "https://env.example.com"), dir, "https://option.example.com",
                "option-project")).isEqualTo(new Credentials("https://option.example.com", "brg_saved", "option-project"));
        Path empty = dir.resolve("none");
        assertThat(Credentials.resolve(Map.of("BARRAGE_TOKEN", "brg_ci"), empty, null, null))
                .isEqualTo(new Credentials(Credentials.DEFAULT_URL, "brg_ci", null));
        assertThatThrownBy(() -> Credentials.resolve(Map.of(), empty, null, null))
                .hasMessageContaining("run 'barrage cloud login' or set BARRAGE_TOKEN");
    }

    @Test
    void theConfigFolder() {
        assertThat(Credentials.configDir(Map.of("BARRAGE_CONFIG_DIR", "/x"), null)).isEqualTo(Path.of("/x"));
        assertThat(Credentials.configDir(Map.of("XDG_CONFIG_HOME", "/cfg"), null)).isEqualTo(Path.of("/cfg/barrage"));
        assertThat(Credentials.configDir(Map.of(), null))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "barrage"));
        assertThat(Credentials.configDir(Map.of("BARRAGE_CONFIG_DIR", "/x"), Path.of("/opt"))).isEqualTo(Path.of("/opt"));
    }
}
