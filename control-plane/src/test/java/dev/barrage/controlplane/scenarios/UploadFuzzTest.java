package dev.barrage.controlplane.scenarios;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scenario upload endpoint fed malformed input: hand-picked hostile bodies (wrong JSON types, path traversal in
 * file names, control characters, lone surrogates, oversize fields, wrong content types) and 150 random
 * mutations of a valid body. Whatever comes in, the answer is never a 5xx, every refusal is problem+json with a detail,
 * and only the uploads answered 201 are stored: nothing half-written.
 */
@QuarkusTest
class UploadFuzzTest {
    static final String VALID = "{\"fileName\": \"Ok.java\", \"source\": \"import dev.barrage.scenario.*; public class Ok"
            + " extends HttpUser { @Task void home() { client.get(\\\"/\\\").send(); } }\", \"dataFiles\": [{\"name\":"
            + " \"users.csv\", \"content\": \"name\\nann\\n\"}]}";

    @Test
    void malformedUploadsAreRefusedClearlyAndNothingIsHalfStored() {
        String project = Api.newProject(Keycloak.DEMO);
        List<String> bodies = new ArrayList<>(List.of(
                "", "null", "[]", "{", "\"Ok.java\"", "{}", "{\"fileName\": 1, \"source\": true}",
                "{\"fileName\": \"Ok.java\", \"source\": [\"a\"]}",
                "{\"fileName\": \"../../etc/Ok.java\", \"source\": \"class Ok {}\"}",
                "{\"fileName\": \"Ok.java\\u0000.sh\", \"source\": \"class Ok {}\"}",
                "{\"fileName\": \"" + "A".repeat(5_000) + ".java\", \"source\": \"class Ok {}\"}",
                "{\"fileName\": \"Ok.java\", \"source\": \"\\ud800\\udfff\\ud800 class\"}",
                "{\"fileName\": \"Ok.java\", \"source\": \"" + "x".repeat(2_000_000) + "\"}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": {\"name\": \"a.csv\"}}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": [null]}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": [{\"name\": \"../../secrets.csv\", \"content\": \"a\"}]}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": [{\"name\": \"/etc/passwd.txt\", \"content\": \"a\"}]}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": [{\"name\": \"bomb.zip\", \"content\": \"PK\\u0003\\u0004\"}]}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": [{\"name\": \"big.csv\", \"content\": \""
                        + "a,b\\n".repeat(400_000) + "\"}]}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"dataFiles\": [{\"name\": \"a.csv\"}, {\"name\": \"a.csv\"}]}",
                "{\"fileName\": \"Ok.java\", \"source\": \"class Ok {}\", \"extra\": {\"deep\": " + "[".repeat(2_000)
                        + "]".repeat(2_000) + "}}"));
        SplittableRandom random = new SplittableRandom(20261123);
        for (int i = 0; i < 150; i++) {
            bodies.add(mutate(VALID, random));
        }
        long storedBefore = versions(project);
        int created = 0;
        List<String> wrong = new ArrayList<>();
        for (String body : bodies) {
            Response r = given().auth().oauth2(Keycloak.token(Keycloak.DEMO)).contentType("application/json")
                    .accept("*/*").body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/api/projects/" + project + "/scenarios");
            String shown = body.length() > 120 ? body.substring(0, 120) + "..." : body;
            if (r.statusCode() == 201) {
                created++;
            } else if (r.statusCode() >= 500) {
                wrong.add(r.statusCode() + " for " + shown + ": " + r.asString());
            } else if (!r.contentType().startsWith("application/problem+json") || r.jsonPath().getString("detail") == null
                    || r.jsonPath().getString("detail").isBlank()) {
                wrong.add(r.statusCode() + " without a problem+json detail for " + shown + ": " + r.contentType());
            }
        }
        for (String contentType : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")) {
            Response r = given().auth().oauth2(Keycloak.token(Keycloak.DEMO)).contentType(contentType).accept("*/*")
                    .body(VALID.getBytes(StandardCharsets.UTF_8)).post("/api/projects/" + project + "/scenarios");
            if (r.statusCode() >= 500 || !r.contentType().startsWith("application/problem+json")) {
                wrong.add(r.statusCode() + " " + r.contentType() + " for a body sent as " + contentType);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(versions(project) - storedBefore).as("versions stored = uploads answered 201").isEqualTo(created);
    }

    private static long versions(String project) {
        List<Map<String, Object>> scenarios = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios")
                .then().statusCode(200).extract().path("");
        return scenarios.stream().mapToLong(s -> ((Number) s.get("latestVersion")).longValue()).sum();
    }

    /** One to three edits: a character replaced, inserted or deleted, or the body cut short. */
    static String mutate(String body, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(body);
        int edits = 1 + random.nextInt(3);
        String alphabet = "{}[]\":,\\ \u0000\u00e9\ud83d\ude00aZ09-.nul/";
        for (int e = 0; e < edits && !sb.isEmpty(); e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> sb.deleteCharAt(at);
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
