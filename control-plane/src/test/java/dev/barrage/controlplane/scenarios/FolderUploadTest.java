package dev.barrage.controlplane.scenarios;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A folder is one scenario version on the platform: uploaded as a list of files or as a zip, checked whole (the hosted
 * rules on every class, errors naming their file), stored with a digest of every file; bad folders are refused with
 * the reason, and no zip, however made, gets past the limits or answers a 5xx.
 */
@QuarkusTest
class FolderUploadTest {
    static final Path STOREFRONT = Path.of("../examples/Storefront").toAbsolutePath().normalize();

    static Map<String, byte[]> storefront() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var list = Files.list(STOREFRONT)) {
            for (Path f : list.sorted().toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    static List<Map<String, String>> listed(Map<String, byte[]> files) {
        return files.entrySet().stream().map(f -> Map.of("name", f.getKey(),
                "content", new String(f.getValue(), StandardCharsets.UTF_8))).toList();
    }

    static byte[] zip(Map<String, byte[]> files, String folder) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry((folder == null ? "" : folder + "/") + f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static Response postZip(String project, byte[] zip, String name) {
        var request = given().auth().oauth2(Keycloak.token(Keycloak.DEMO)).contentType("application/zip")
                .accept("application/json").body(zip);
        if (name != null) {
            request = request.queryParam("name", name);
        }
        return request.post("/api/projects/" + project + "/scenarios");
    }

    /** What the shell computes for the folder, independently of the control plane's code. */
    private static String shellDigest(Path folder) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "sha256sum * | LC_ALL=C sort -k2 | sha256sum")
                .directory(folder.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out.split(" ")[0];
    }

    @Test
    void aFolderIsOneVersionWhicheverWayItIsSent() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        Map<String, byte[]> files = storefront();

        // a list of files, named
        Api.as(Keycloak.DEMO).body(Map.of("name", "Storefront", "files", listed(files)))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201)
                .body("name", equalTo("Storefront")).body("version", equalTo(1))
                .body("sha256", equalTo(shellDigest(STOREFRONT)));
        // a zip of the folder: its top folder names the scenario
        postZip(project, zip(files, "Storefront"), null).then().statusCode(201)
                .body("name", equalTo("Storefront")).body("version", equalTo(2))
                .body("sha256", equalTo(shellDigest(STOREFRONT)));

        String scenario = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios").then()
                .extract().path("[0].id");
        String base = "/api/projects/" + project + "/scenarios/" + scenario + "/versions/2";
        Api.as(Keycloak.DEMO).get(base).then().statusCode(200)
                .body("version.fileName", equalTo("Browser.java"))
                .body("files.name", equalTo(List.of("Browser.java", "Buyer.java", "Store.java", "buyers.csv")))
                .body("files.find { it.name == 'buyers.csv' }.bytes", equalTo(files.get("buyers.csv").length))
                .body("dataFiles.name", equalTo(List.of("buyers.csv")));
        for (String name : files.keySet()) {
            byte[] served = given().auth().oauth2(Keycloak.token(Keycloak.DEMO)).get(base + "/files/" + name)
                    .then().statusCode(200).extract().asByteArray();
            assertThat(served).as(name).isEqualTo(files.get(name));
        }
        Api.as(Keycloak.DEMO).get(base + "/files/nothing.csv").then().statusCode(404);
    }

    @Test
    void errorsAndHostedRulesNameTheFileOfTheFolderTheyAreIn() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        Map<String, byte[]> files = storefront();
        String store = new String(files.get("Store.java"), StandardCharsets.UTF_8);

        Map<String, byte[]> broken = new LinkedHashMap<>(files);
        String typo = store.replace("client.get(\"/\").send();", "client.gett(\"/\").send();");
        broken.put("Store.java", typo.getBytes(StandardCharsets.UTF_8));
        int line = lineOf(typo, "client.gett");
        postZip(project, zip(broken, null), "Storefront").then().statusCode(422)
                .body("title", equalTo("Scenario Does Not Compile"))
                .body("errors[0].file", equalTo("Store.java")).body("errors[0].line", equalTo(line))
                .body("errors[0].column", equalTo(typo.lines().toList().get(line - 1).indexOf(".gett") + 1))
                .body("detail", containsString("compiling Storefront/; the first: Store.java:" + line + ":"));

        Map<String, byte[]> hostile = new LinkedHashMap<>(files);
        String exits = store.replace("client.get(\"/\").send();", "client.get(\"/\").send(); System.exit(0);");
        hostile.put("Store.java", exits.getBytes(StandardCharsets.UTF_8));
        postZip(project, zip(hostile, null), "Storefront").then().statusCode(422)
                .body("title", equalTo("Scenario Not Allowed"))
                .body("errors[0].file", equalTo("Store.java")).body("errors[0].line", equalTo(lineOf(exits, "System.exit")))
                .body("errors[0].message", containsString("System.exit is not allowed in a hosted scenario"));

        // .java files without a user class are no scenario: the check says so, with the folder's name
        Map<String, byte[]> helpersOnly = Map.of("Store.java", files.get("Store.java"), "buyers.csv", files.get("buyers.csv"),
                "More.java", "final class More {}".getBytes(StandardCharsets.UTF_8));
        postZip(project, zip(helpersOnly, null), "helpers").then().statusCode(422)
                .body("detail", containsString("no user class in helpers/"));
    }

    private static int lineOf(String code, String text) {
        List<String> lines = code.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the code");
    }

    @Test
    void badFoldersAreRefusedWithTheReason() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        Map<String, byte[]> files = storefront();
        String scenarios = "/api/projects/" + project + "/scenarios";

        // a folder without a scenario
        postZip(project, zip(Map.of("buyers.csv", files.get("buyers.csv")), "data"), null).then().statusCode(400)
                .body("field", equalTo("files"))
                .body("detail", equalTo("the upload holds no .java file, only buyers.csv: a scenario is one or more .java "
                        + "files (its user classes and the helper classes they share) with its data files"));
        // several .java files and no name
        Api.as(Keycloak.DEMO).body(Map.of("files", listed(files))).post(scenarios).then().statusCode(400)
                .body("field", equalTo("name")).body("detail", containsString("name the scenario"));
        postZip(project, zip(files, null), "../up").then().statusCode(400).body("field", equalTo("name"));
        // deeper folders, odd files, both forms at once, not a zip
        Map<String, byte[]> nested = new LinkedHashMap<>(files);
        nested.put("data/more.csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
        postZip(project, zip(nested, null), "Storefront").then().statusCode(400)
                .body("detail", containsString("zip entry data/more.csv is in a subfolder"));
        Map<String, byte[]> script = new LinkedHashMap<>(files);
        script.put("run.sh", "#!/bin/sh".getBytes(StandardCharsets.UTF_8));
        postZip(project, zip(script, null), "Storefront").then().statusCode(400)
                .body("detail", containsString("data file name 'run.sh' is not allowed"));
        Map<String, byte[]> dollar = new LinkedHashMap<>(files);
        dollar.put("Odd$Name.java", "class X {}".getBytes(StandardCharsets.UTF_8));
        postZip(project, zip(dollar, null), "Storefront").then().statusCode(400).body("field", equalTo("files"));
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Buyer.java", "source", "x", "files", listed(files)))
                .post(scenarios).then().statusCode(400).body("detail", containsString("not both"));
        postZip(project, "this is no zip".getBytes(StandardCharsets.UTF_8), "x").then().statusCode(400)
                .body("detail", containsString("not a zip archive"));
        Map<String, byte[]> latin1 = new LinkedHashMap<>(files);
        latin1.put("Store.java", "// caf\u00e9\nfinal class Store {}".getBytes(StandardCharsets.ISO_8859_1));
        postZip(project, zip(latin1, null), "Storefront").then().statusCode(400)
                .body("detail", equalTo("Store.java:1:7: the source is not UTF-8 text (byte 0xe9); save the file as UTF-8"));

        // the limits as for one file: 10 data files of 1 MiB, 5 MiB in all, the sources' bytes; said when exceeded
        Map<String, byte[]> many = new LinkedHashMap<>(files);
        for (int i = 0; i < DataFiles.MAX_FILES; i++) {
            many.put("extra" + i + ".csv", "id\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        postZip(project, zip(many, null), "Storefront").then().statusCode(413)
                .body("detail", equalTo("at most 10 data files per scenario, got 11")).body("limit", equalTo(10));
        // a zip bomb: 8 MiB of zeros in a few KiB; read no further than the limit
        Map<String, byte[]> bomb = new LinkedHashMap<>(files);
        bomb.put("zeros.csv", new byte[8 * 1024 * 1024]);
        byte[] small = zip(bomb, null);
        assertThat(small.length).isLessThan(64 * 1024);
        postZip(project, small, "Storefront").then().statusCode(413)
                .body("detail", containsString("zip entry zeros.csv is more than"));
        Map<String, byte[]> big = new LinkedHashMap<>(files);
        for (int i = 0; i < 5; i++) {
            big.put("part" + i + ".csv", new byte[DataFiles.MAX_FILE_BYTES]); // each at its limit, with buyers.csv over 5 MiB
        }
        postZip(project, zip(big, null), "Storefront").then().statusCode(413)
                .body("detail", containsString("the data files add up to more than 5242880 bytes (5 MiB)"));
        Map<String, byte[]> longSource = new LinkedHashMap<>(files);
        longSource.put("Padding.java", ("final class Padding {}\n//" + "x".repeat(300_000)).getBytes(StandardCharsets.UTF_8));
        postZip(project, zip(longSource, null), "Storefront").then().statusCode(413)
                .body("detail", containsString("its .java files add up to")).body("limit", equalTo(262144));

        Api.as(Keycloak.DEMO).get(scenarios).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void noZipAnswersA5xxOrStoresHalfAVersion() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        byte[] valid = zip(storefront(), "Storefront");
        SplittableRandom random = new SplittableRandom(22);
        List<String> wrong = new ArrayList<>();
        int created = 0;
        for (int i = 0; i < 40; i++) {
            byte[] body = valid.clone();
            if (i % 4 == 0) {
                body = java.util.Arrays.copyOf(body, random.nextInt(body.length));
            } else {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
            }
            Response r = postZip(project, body, null);
            if (r.statusCode() == 201) {
                created++;
            } else if (r.statusCode() >= 500 || !r.contentType().startsWith("application/problem+json")
                    || r.jsonPath().getString("detail") == null) {
                wrong.add(i + ": " + r.statusCode() + " " + r.contentType() + " " + r.asString());
            }
        }
        assertThat(wrong).isEmpty();
        List<Map<String, Object>> scenarios = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios")
                .then().statusCode(200).extract().path("");
        assertThat(scenarios.stream().mapToInt(s -> ((Number) s.get("latestVersion")).intValue()).sum())
                .isEqualTo(created);
    }
}
