package dev.barrage.protocol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version digest is what the documented shell line computes, and any change to any file changes it. */
class ScenarioDigestTest {
    @TempDir
    Path dir;

    @Test
    void itIsTheDigestOfSha256sumsManifest() throws IOException, InterruptedException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("Store.java", "final class Store {}\n".getBytes(StandardCharsets.UTF_8));
        files.put("Buyer.java", "public class Buyer {}\n".getBytes(StandardCharsets.UTF_8));
        files.put("buyers.csv", "username\nada\n".getBytes(StandardCharsets.UTF_8));
        files.put("a_b.csv", new byte[] {(byte) 0xff, 0, 10});
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        Process p = new ProcessBuilder("bash", "-c", "sha256sum * | LC_ALL=C sort -k2 | sha256sum")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split(" ")[0];
        assertThat(p.waitFor()).isZero();

        assertThat(ScenarioDigest.of(files)).isEqualTo(shell).hasSize(64);
    }

    @Test
    void anyChangeToAnyFileChangesIt() {
        Map<String, byte[]> files = new LinkedHashMap<>(Map.of("A.java", "class A {}".getBytes(StandardCharsets.UTF_8),
                "rows.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8)));
        String before = ScenarioDigest.of(files);

        Map<String, byte[]> changedData = new LinkedHashMap<>(files);
        changedData.put("rows.csv", "id\n2\n".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> renamed = new LinkedHashMap<>(files);
        renamed.put("rows2.csv", renamed.remove("rows.csv"));
        Map<String, byte[]> added = new LinkedHashMap<>(files);
        added.put("B.java", "class B {}".getBytes(StandardCharsets.UTF_8));

        assertThat(ScenarioDigest.of(new LinkedHashMap<>(files))).isEqualTo(before);
        assertThat(java.util.List.of(ScenarioDigest.of(changedData), ScenarioDigest.of(renamed), ScenarioDigest.of(added),
                ScenarioDigest.of(Map.of("A.java", files.get("A.java"))))).doesNotContain(before).doesNotHaveDuplicates();
    }
}
