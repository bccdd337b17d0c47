package dev.barrage.controlplane;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** The REST API as a signed-in person calls it. */
public final class Api {
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
