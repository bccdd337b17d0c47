package dev.barrage.runner.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What barrage cloud sends for a folder and for one file: everything the scenario needs, nothing else. */
class UploadFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFolderSendsItsJavaAndDataFilesAndSaysWhatItLeftOut() throws IOException {
        Path shop = Files.createDirectories(dir.resolve("shop"));
        Files.writeString(shop.resolve("Buyer.java"), "public class Buyer {}");
        Files.writeString(shop.resolve("Store.java"), "final class Store {}");
        Files.writeString(shop.resolve("buyers.csv"), "username\nada\n");
        Files.writeString(shop.resolve("README.md"), "# notes");
        Files.writeString(shop.resolve(".hidden.csv"), "x");
        Files.createDirectories(shop.resolve("old")).resolve("Old.java").toFile().createNewFile();

        UploadFiles files = UploadFiles.of(shop);

        assertThat(files.name()).isEqualTo("shop");
        assertThat(files.shown()).isEqualTo("shop/");
        assertThat(files.files()).containsOnlyKeys("Buyer.java", "Store.java", "buyers.csv");
        assertThat(files.left()).containsExactly("README.md");
        assertThat(unzip(files.zip())).isEqualTo(files.files().entrySet().stream()
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), new String(e.getValue())), Map::putAll));
    }

    @Test
    void aFileSendsTheDataFilesItNamesInStringLiterals() throws IOException {
        Files.writeString(dir.resolve("Shop.java"), """
                import dev.barrage.scenario.*;
                public class Shop extends HttpUser {
                    static final Feeder ACCOUNTS = Feeder.csv("accounts.csv");
                    static final String SKUS = \"""
                        skus.tsv\""";
                    // "comment.csv" is a comment, not a literal
                    @Task void a() { client.get("/fast").send(); }
                }
                """);
        for (String name : new String[] {"accounts.csv", "skus.tsv", "comment.csv", "other.csv"}) {
            Files.writeString(dir.resolve(name), "id\n1\n");
        }

        UploadFiles files = UploadFiles.of(dir.resolve("Shop.java"));

        assertThat(files.name()).isEqualTo("Shop");
        // a text block is a string literal too; a name in a comment is not, nor a file it does not name
        assertThat(files.files()).containsOnlyKeys("Shop.java", "accounts.csv", "skus.tsv");
        assertThat(files.dataFiles()).containsExactly("accounts.csv", "skus.tsv");
        assertThat(UploadFiles.stringLiterals("Shop.java", Files.readString(dir.resolve("Shop.java"))))
                .contains("accounts.csv", "/fast", "skus.tsv").doesNotContain("comment.csv");
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), new String(in.readAllBytes()));
            }
        }
        return out;
    }
}
