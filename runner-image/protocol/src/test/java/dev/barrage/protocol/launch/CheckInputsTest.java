package dev.barrage.protocol.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckInputsTest {
    @TempDir
    Path dir;

    @Test
    void theScenarioItsDataFilesAndItsJarsInClassPathOrderComeOutAsTheyWentIn() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // twelve, so that a sort by name (10 before 2) would show
            Path jar = Files.writeString(Files.createDirectories(dir.resolve("repo/" + i)).resolve("lib-" + (char) ('z' - i)
                    + ".jar"), "jar " + i);
            jars.add(jar);
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put("users.csv", "name\nada\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        CheckInputs.write(zip, "Shop.java", "public class Shop {} // ü", data, jars);

        CheckInputs.Unpacked in = CheckInputs.read(new ByteArrayInputStream(zip.toByteArray()), dir.resolve("out"), 1 << 20);

        assertThat(in.scenario()).isEqualTo(dir.resolve("out/scenario/Shop.java"));
        assertThat(Files.readString(in.scenario())).isEqualTo("public class Shop {} // ü");
        assertThat(Files.readString(in.scenario().resolveSibling("users.csv"))).isEqualTo("name\nada\n");
        assertThat(in.jars()).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(Files.readString(in.jars().get(i))).isEqualTo("jar " + i);
            assertThat(in.jars().get(i).getParent()).isEqualTo(dir.resolve("out/deps"));
        }
    }

    @Test
    void aFolderScenarioComesOutAsAFolderOfItsName() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        CheckInputs.write(zip, "Storefront", Map.of("Store.java", "class Store {}", "Prices.java", "class Prices {}"),
                Map.of("buyers.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8)), List.of());

        CheckInputs.Unpacked in = CheckInputs.read(new ByteArrayInputStream(zip.toByteArray()), dir.resolve("out"), 1 << 20);

        assertThat(in.scenario()).isEqualTo(dir.resolve("out/scenario/Storefront"));
        try (var files = Files.list(in.scenario())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Store.java", "Prices.java", "buyers.csv");
        }
        assertThat(Files.readString(in.scenario().resolve("Prices.java"))).isEqualTo("class Prices {}");
        assertThat(in.jars()).isEmpty();
        assertThatThrownBy(() -> CheckInputs.write(new ByteArrayOutputStream(), null,
                Map.of("A.java", "", "B.java", ""), Map.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read(Map.of("scenario/A.java", "x", "scenario/B.java", "y")))
                .hasMessageContaining("hold two scenarios");
    }

    @Test
    void anEntryOutsideItsFolderOrOfAnotherKindOrTooMuchIsRefused() throws IOException {
        assertThatThrownBy(() -> read(Map.of("scenario/A.java", "x", "files/../../etc/cron.d/x", "y")))
                .hasMessageContaining("not a plain file name in the check's inputs: '../../etc/cron.d/x'");
        assertThatThrownBy(() -> read(Map.of("scenario/A.java", "x", "deps/sub/x.jar", "y")))
                .hasMessageContaining("not a plain file name");
        assertThatThrownBy(() -> read(Map.of("scenario/A.java", "x", "run.sh", "y")))
                .hasMessageContaining("unexpected entry in the check's inputs: run.sh");
        assertThatThrownBy(() -> read(Map.of("files/a.csv", "x")))
                .hasMessageContaining("the check's inputs hold no scenario");
        assertThatThrownBy(() -> read(Map.of("scenario/A.java", "x".repeat(2000))))
                .hasMessageContaining("larger than 1000 bytes");
    }

    private CheckInputs.Unpacked read(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return CheckInputs.read(new ByteArrayInputStream(bytes.toByteArray()),
                Files.createTempDirectory(dir, "in"), 1000);
    }
}
