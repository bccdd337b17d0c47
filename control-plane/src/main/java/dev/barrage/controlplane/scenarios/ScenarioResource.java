package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.Hashes;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Scenario uploads: each one is compiled in a sandbox process and stored as a new immutable version. */
@io.quarkus.security.Authenticated
@Path("/api/projects/{projectId}/scenarios")
public class ScenarioResource {
    @Inject
    CallerResolver callers;

    @Inject
    ScenarioChecker checker;

    @Inject
    BarrageConfig config;

    public record Upload(String fileName, String source, List<DataFiles.DataFile> dataFiles) {}

    public record DataFileView(String name, int bytes) {}

    public record VersionView(UUID id, UUID scenarioId, String name, int version, String fileName, String sha256,
            String createdBy, OffsetDateTime createdAt) {
        static VersionView of(Scenario s, ScenarioVersion v) {
            return new VersionView(v.id, s.id, s.name, v.version, v.fileName, v.sha256, v.createdBy, v.createdAt);
        }
    }

    public record SourceView(VersionView version, String source, List<DataFileView> dataFiles) {}

    public record ScenarioView(UUID id, String name, int latestVersion, OffsetDateTime createdAt) {}

    @GET
    public List<ScenarioView> list(@PathParam("projectId") UUID projectId) {
        Project project = Project.owned(projectId, callers.caller());
        return Scenario.<Scenario>list("projectId = ?1 order by name", project.id).stream()
                .map(s -> new ScenarioView(s.id, s.name, latestVersion(s.id), s.createdAt)).toList();
    }

    @POST
    public Response upload(@PathParam("projectId") UUID projectId, Upload upload) throws IOException, InterruptedException {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_SCENARIOS_WRITE, "uploading a scenario");
        caller.require(Role.MEMBER, "uploading a scenario");
        Project project = Project.owned(projectId, caller);
        if (upload == null || upload.source() == null || upload.source().isBlank()) {
            throw ProblemException.badRequest("send the scenario as JSON: {\"fileName\": \"Shop.java\", \"source\": \"...\"}");
        }
        String fileName = upload.fileName() == null ? "" : upload.fileName().trim();
        if (!fileName.matches("[A-Za-z_$][A-Za-z0-9_$]{0,99}\\.java")) {
            throw ProblemException.badRequest("fileName must be a Java file name such as Shop.java, got '" + fileName + "'");
        }
        SourceText.requireWellFormed(upload.source(), fileName);
        int size = upload.source().getBytes(StandardCharsets.UTF_8).length;
        if (size > config.limits().maxScenarioBytes()) {
            throw new ProblemException(413, "Content Too Large", "the scenario is " + size + " bytes; the limit is "
                    + config.limits().maxScenarioBytes()).with("limit", config.limits().maxScenarioBytes());
        }
        Map<String, byte[]> dataFiles = DataFiles.validate(upload.dataFiles(), fileName);
        ScenarioChecker.Result check = checker.check(fileName, upload.source(), dataFiles);
        if (!check.ok()) {
            String detail = check.otherProblem() != null ? check.otherProblem()
                    : check.errors().size() + (check.errors().size() == 1 ? " error" : " errors") + " compiling "
                            + fileName + "; the first: " + check.errors().getFirst().file() + ":"
                            + check.errors().getFirst().line() + ":" + check.errors().getFirst().column() + ": "
                            + check.errors().getFirst().message();
            boolean refused = !check.errors().isEmpty()
                    && check.errors().stream().allMatch(e -> e.message().contains(" is not allowed in a hosted scenario"));
            throw new ProblemException(422, refused ? "Scenario Not Allowed" : "Scenario Does Not Compile", detail)
                    .with("errors", check.errors());
        }
        VersionView stored = QuarkusTransaction.requiringNew().call(() ->
                store(project, caller, fileName, upload.source(), dataFiles, check.loadProfile()));
        return Response.status(201).entity(stored).build();
    }

    private VersionView store(Project project, Caller caller, String fileName, String source,
            Map<String, byte[]> dataFiles, String loadProfile) {
        String name = fileName.substring(0, fileName.length() - ".java".length());
        Scenario scenario = Scenario.find("projectId = ?1 and name = ?2", project.id, name).firstResult();
        if (scenario == null) {
            scenario = new Scenario();
            scenario.id = UUID.randomUUID();
            scenario.projectId = project.id;
            scenario.name = name;
            scenario.createdAt = OffsetDateTime.now();
            scenario.persist();
        }
        ScenarioVersion v = new ScenarioVersion();
        v.id = UUID.randomUUID();
        v.scenarioId = scenario.id;
        v.version = latestVersion(scenario.id) + 1;
        v.fileName = fileName;
        v.source = source;
        v.sha256 = Hashes.sha256(source);
        v.loadProfile = loadProfile;
        v.createdBy = caller.subject();
        v.createdAt = OffsetDateTime.now();
        v.persist();
        dataFiles.forEach((dataName, content) -> {
            ScenarioFile f = new ScenarioFile();
            f.versionId = v.id;
            f.name = dataName;
            f.content = content;
            f.persist();
        });
        return VersionView.of(scenario, v);
    }

    @GET
    @Path("/{scenarioId}/versions")
    public List<VersionView> versions(@PathParam("projectId") UUID projectId, @PathParam("scenarioId") UUID scenarioId) {
        Scenario s = owned(projectId, scenarioId);
        return ScenarioVersion.<ScenarioVersion>list("scenarioId = ?1 order by version desc", s.id).stream()
                .map(v -> VersionView.of(s, v)).toList();
    }

    @GET
    @Path("/{scenarioId}/versions/{version}")
    public SourceView version(@PathParam("projectId") UUID projectId, @PathParam("scenarioId") UUID scenarioId,
            @PathParam("version") int version) {
        Scenario s = owned(projectId, scenarioId);
        ScenarioVersion v = ScenarioVersion.find("scenarioId = ?1 and version = ?2", s.id, version).firstResult();
        if (v == null) {
            throw ProblemException.notFound("version " + version + " of scenario " + s.name);
        }
        return new SourceView(VersionView.of(s, v), v.source, ScenarioFile.of(v.id).stream()
                .map(f -> new DataFileView(f.name, f.content.length)).toList());
    }

    private Scenario owned(UUID projectId, UUID scenarioId) {
        Project project = Project.owned(projectId, callers.caller());
        Scenario s = Scenario.find("id = ?1 and projectId = ?2", scenarioId, project.id).firstResult();
        if (s == null) {
            throw ProblemException.notFound("scenario " + scenarioId);
        }
        return s;
    }

    static int latestVersion(UUID scenarioId) {
        Integer max = ScenarioVersion.getEntityManager()
                .createQuery("select max(v.version) from ScenarioVersion v where v.scenarioId = :id", Integer.class)
                .setParameter("id", scenarioId)
                .getSingleResult();
        return max == null ? 0 : max;
    }

}
