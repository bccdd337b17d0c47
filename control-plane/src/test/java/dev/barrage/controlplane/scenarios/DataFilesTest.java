package dev.barrage.controlplane.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import dev.barrage.runner.demo.DemoTarget;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV data files travel with their scenario version to the upload check and to every runner. */
@QuarkusTest
class DataFilesTest {
    static final String FEEDING = """
            import dev.barrage.scenario.*;
            public class Feeding extends HttpUser {
                static final Feeder ITEMS = Feeder.csv("items.csv", Feeder.Order.ONCE);
                @Task void buy() { client.get("/items/" + ITEMS.next().get("id")).name("/items/[id]").send(); }
            }
            """;

    @Test
    void eachRowIsUsedOnceOnThePlatform() throws Exception {
        String project = Api.newProject(Keycloak.DEMO);
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 1; i <= 25; i++) {
            csv.append(i).append('\n');
        }
        String version = Api.as(Keycloak.DEMO).body(Map.of("fileName", "Feeding.java", "source", FEEDING,
                        "dataFiles", List.of(Map.of("name", "items.csv", "content", csv.toString()))))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201).extract().path("id");
        String scenario = Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios").then().extract().path("[0].id");
        Api.as(Keycloak.DEMO).get("/api/projects/" + project + "/scenarios/" + scenario + "/versions/1").then()
                .body("dataFiles[0].name", equalTo("items.csv")).body("dataFiles[0].bytes", equalTo(csv.length()));

        try (DemoTarget target = DemoTarget.start(0)) {
            String run = Api.as(Keycloak.DEMO).body(Map.of("scenarioVersionId", version, "host", target.uri().toString(),
                    "users", 3, "spawnRate", 10, "duration", "6s")).post("/api/projects/" + project + "/runs")
                    .then().statusCode(201).extract().path("id");
            long deadline = System.currentTimeMillis() + 90_000;
            String status = "";
            while (System.currentTimeMillis() < deadline && !List.of("finished", "failed", "stopped").contains(status)) {
                Thread.sleep(500);
                status = Api.as(Keycloak.DEMO).get("/api/runs/" + run).then().extract().path("status");
            }
            assertThat(status).isEqualTo("finished");
            // 25 rows, each handed out once: exactly 25 requests reached the target, and the report says so
            assertThat(target.counts()).containsEntry("GET /items/{id}", 25L);
            Api.as(Keycloak.DEMO).get("/api/runs/" + run + "/report").then()
                    .body("aggregated.requests", equalTo(25));
        }
    }

    @Test
    void dataFilesWithPathsOrTooMuchDataAreRefused() {
        String project = Api.newProject(Keycloak.DEMO);
        for (String name : List.of("../escape.csv", "dir/items.csv", ".hidden.csv", "items.sh", "items.zip")) {
            Api.as(Keycloak.DEMO).body(Map.of("fileName", "Feeding.java", "source", FEEDING,
                            "dataFiles", List.of(Map.of("name", name, "content", "id\n1\n"))))
                    .post("/api/projects/" + project + "/scenarios").then().statusCode(400)
                    .body("detail", containsString("is not allowed"));
        }
        String big = "x".repeat(DataFiles.MAX_FILE_BYTES + 1);
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Feeding.java", "source", FEEDING,
                        "dataFiles", List.of(Map.of("name", "items.csv", "content", big))))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(413);
        // a scenario whose feeder file is missing fails the upload check, naming the file
        Api.as(Keycloak.DEMO).body(Map.of("fileName", "Feeding.java", "source", FEEDING))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(422)
                .body("detail", containsString("items.csv"));
    }
}
