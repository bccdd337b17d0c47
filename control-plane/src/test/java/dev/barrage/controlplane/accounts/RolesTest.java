package dev.barrage.controlplane.accounts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.barrage.controlplane.Api;
import dev.barrage.controlplane.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joining by invitation, and each role allowed exactly what it should be. */
@QuarkusTest
class RolesTest {

    @Test
    void anInvitedViewerReadsButCannotChangeAndAMemberCan() {
        Api.as(Keycloak.OTHER_TENANT).get("/api/me").then().statusCode(200); // has an account of their own already
        String account = Api.as(Keycloak.DEMO).get("/api/me").then().extract().path("currentAccount");
        String project = Api.newProject(Keycloak.DEMO);
        Api.as(Keycloak.DEMO).body(Map.of("email", "Viewer@Barrage.local", "role", "viewer"))
                .post("/api/members/invitations").then().statusCode(201).body("email", equalTo("viewer@barrage.local"));

        // at the next call the invitation is accepted: a second account to switch to
        Api.as(Keycloak.OTHER_TENANT).get("/api/me").then().statusCode(200)
                .body("accounts.id", hasItem(account));
        String viewerSubject = in(account).get("/api/me").then().body("role", equalTo("viewer")).extract().path("subject");

        // a viewer reads
        in(account).get("/api/projects/" + project).then().statusCode(200);
        in(account).get("/api/runs").then().statusCode(200);
        in(account).get("/api/members").then().statusCode(200).body("members.role", hasItem("viewer"));
        // and cannot change anything, nor see tokens
        in(account).body(Map.of("name", "mine")).post("/api/projects").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("your role in this account is viewer"));
        in(account).body(Map.of("fileName", "Ok.java", "source", Api.MINIMAL_SCENARIO))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(403);
        in(account).body(Map.of("host", "http://127.0.0.1:1", "users", 1, "duration", "1s"))
                .post("/api/projects/" + project + "/runs").then().statusCode(403);
        in(account).get("/api/projects/" + project + "/tokens").then().statusCode(403);
        in(account).body(Map.of("email", "x@y.z", "role", "admin")).post("/api/members/invitations").then().statusCode(403);

        // promoted to member: may upload, still may not manage tokens
        Api.as(Keycloak.DEMO).body(Map.of("role", "member")).put("/api/members/" + viewerSubject + "/role")
                .then().statusCode(200).body("role", equalTo("member"));
        in(account).body(Map.of("fileName", "Ok.java", "source", Api.MINIMAL_SCENARIO))
                .post("/api/projects/" + project + "/scenarios").then().statusCode(201);
        in(account).body(Map.of("name", "ci")).post("/api/projects/" + project + "/tokens").then().statusCode(403);

        // an account keeps an owner
        String demoSubject = Api.as(Keycloak.DEMO).get("/api/me").then().extract().path("subject");
        Api.as(Keycloak.DEMO).body(Map.of("role", "admin")).put("/api/members/" + demoSubject + "/role")
                .then().statusCode(409).body("detail", containsString("needs an owner"));

        // removed: the account is gone for them
        Api.as(Keycloak.DEMO).delete("/api/members/" + viewerSubject).then().statusCode(204);
        in(account).get("/api/projects/" + project).then().statusCode(404);
    }

    private static RequestSpecification in(String account) {
        return Api.as(Keycloak.OTHER_TENANT).header(CallerResolver.ACCOUNT_HEADER, account);
    }
}
