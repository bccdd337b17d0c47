package dev.barrage.controlplane;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** The REST API as a signed-in person calls it. */
public final class Api {
    /** The smallest scenario that compiles and runs: one user class, one task. */
    public static final String MINIMAL_SCENARIO = """
            import dev.barrage.scenario.*;
            public class Ok extends HttpUser {
                @Task void home() { client.get("/fast").send(); }
            }
            """;

    private Api() {}

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Keycloak.token(user)).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static String newProject(String user) {
        return as(user).body(Map.of("name", "p-" + UUID.randomUUID())).post("/api/projects")
                .then().statusCode(201).extract().path("id");
    }

    /** Uploads a scenario and returns its version id. */
    public static String upload(String user, String projectId, String fileName, String source) {
        return as(user).body(Map.of("fileName", fileName, "source", source))
                .post("/api/projects/" + projectId + "/scenarios")
                .then().statusCode(201).extract().path("id");
    }
}
