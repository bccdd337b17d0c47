package dev.barrage.controlplane.scenarios;

import dev.barrage.controlplane.BarrageConfig;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
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

    /**
     * An upload as JSON: one source ({@code fileName}, {@code source}, its {@code dataFiles}), or a scenario's files
     * ({@code files}, .java and data files, with the scenario's {@code name} when it has several .java files).
     */
    public record Upload(String fileName, String source, List<DataFiles.DataFile> dataFiles, String name,
            List<DataFiles.DataFile> files) {}

    public record DataFileView(String name, int bytes) {}

    /** {@code sha256}: of the whole version, every file (see {@code ScenarioDigest}). */
    public record VersionView(UUID id, UUID scenarioId, String name, int version, String fileName, String sha256,
            String createdBy, OffsetDateTime createdAt) {
        static VersionView of(Scenario s, ScenarioVersion v) {
            return new VersionView(v.id, s.id, s.name, v.version, v.fileName, v.sha256, v.createdBy, v.createdAt);
        }
    }

    /**
     * A version's content: its first {@code .java} file's {@code source}, its {@code dataFiles}, and all of its
     * {@code files} (.java files first), each readable at {@code .../files/{name}}.
     */
    public record SourceView(VersionView version, String source, List<DataFileView> dataFiles, List<DataFileView> files) {}

    public record ScenarioView(UUID id, String name, int latestVersion, OffsetDateTime createdAt) {}

    @GET
    public List<ScenarioView> list(@PathParam("projectId") UUID projectId) {
        Project project = Project.owned(projectId, callers.caller());
        return Scenario.<Scenario>list("projectId = ?1 order by name", project.id).stream()
                .map(s -> new ScenarioView(s.id, s.name, latestVersion(s.id), s.createdAt)).toList();
    }

    /** A scenario as JSON: one source with its data files, or a list of its files. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("projectId") UUID projectId, Upload upload) throws IOException, InterruptedException {
        Caller caller = writer();
        Project project = Project.owned(projectId, caller);
        int limit = config.limits().maxScenarioBytes();
        ScenarioUpload scenario;
        if (upload != null && upload.files() != null) {
            if (upload.source() != null || upload.fileName() != null || upload.dataFiles() != null) {
                throw ProblemException.badRequest("send either fileName and source (with dataFiles), or files, not both")
                        .with("field", "files");
            }
            scenario = ScenarioUpload.files(upload.name(), null, listed(upload.files()), limit);
        } else {
            scenario = ScenarioUpload.single(upload == null ? null : upload.fileName(),
                    upload == null ? null : upload.source(), upload == null ? null : upload.dataFiles(), limit);
        }
        return accept(project, caller, scenario);
    }

    /**
     * A scenario folder as a zip: its .java files and data files, flat or in one top folder; {@code name} names the
     * scenario (default: the top folder's name, or the one .java file's).
     */
    @POST
    @Consumes({"application/zip", "application/x-zip-compressed"})
    public Response uploadZip(@PathParam("projectId") UUID projectId, @QueryParam("name") String name, InputStream body)
            throws IOException, InterruptedException {
        Caller caller = writer();
        Project project = Project.owned(projectId, caller);
        ZipUpload.Contents zip = ZipUpload.read(body, config.limits().maxScenarioBytes());
        return accept(project, caller, ScenarioUpload.files(name, zip.folder(), zip.files(),
                config.limits().maxScenarioBytes()));
    }

    private Caller writer() {
        Caller caller = callers.caller();
        caller.requireScope(Caller.SCOPE_SCENARIOS_WRITE, "uploading a scenario");
        caller.require(Role.MEMBER, "uploading a scenario");
        return caller;
    }

    private static Map<String, byte[]> listed(List<DataFiles.DataFile> files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (DataFiles.DataFile f : files) {
            String name = f == null || f.name() == null ? "" : f.name();
            if (name.contains("/") || name.contains("\\") || name.isBlank() || name.startsWith(".")) {
                throw ProblemException.badRequest("file name '" + name + "' is not allowed: a scenario's files have plain"
                        + " names, side by side (no folders)").with("field", "files");
            }
            if (out.put(name, f.content() == null ? new byte[0] : f.content().getBytes(StandardCharsets.UTF_8)) != null) {
                throw ProblemException.badRequest("file name '" + name + "' is used twice").with("field", "files");
            }
        }
        return out;
    }

    /** Checks the scenario in its sandbox and stores it as a new version when it passes. */
    private Response accept(Project project, Caller caller, ScenarioUpload scenario) throws IOException, InterruptedException {
        ScenarioChecker.Result check = checker.check(scenario);
        if (!check.ok()) {
            String detail = check.otherProblem() != null ? check.otherProblem()
                    : check.errors().size() + (check.errors().size() == 1 ? " error" : " errors") + " compiling "
                            + (scenario.folder() ? scenario.name() + "/" : scenario.primaryFile()) + "; the first: "
                            + check.errors().getFirst().file() + ":" + check.errors().getFirst().line() + ":"
                            + check.errors().getFirst().column() + ": " + check.errors().getFirst().message();
            boolean refused = !check.errors().isEmpty()
                    && check.errors().stream().allMatch(e -> e.message().contains(" is not allowed in a hosted scenario"));
            throw new ProblemException(422, refused ? "Scenario Not Allowed" : "Scenario Does Not Compile", detail)
                    .with("errors", check.errors());
        }
        VersionView stored = QuarkusTransaction.requiringNew().call(() ->
                store(project, caller, scenario, check.loadProfile()));
        return Response.status(201).entity(stored).build();
    }

    private VersionView store(Project project, Caller caller, ScenarioUpload upload, String loadProfile) {
        Scenario scenario = Scenario.find("projectId = ?1 and name = ?2", project.id, upload.name()).firstResult();
        if (scenario == null) {
            scenario = new Scenario();
            scenario.id = UUID.randomUUID();
            scenario.projectId = project.id;
            scenario.name = upload.name();
            scenario.createdAt = OffsetDateTime.now();
            scenario.persist();
        }
        ScenarioVersion v = new ScenarioVersion();
        v.id = UUID.randomUUID();
        v.scenarioId = scenario.id;
        v.version = latestVersion(scenario.id) + 1;
        v.fileName = upload.primaryFile();
        v.source = upload.sources().get(upload.primaryFile());
        v.sha256 = upload.digest();
        v.loadProfile = loadProfile;
        v.createdBy = caller.subject();
        v.createdAt = OffsetDateTime.now();
        v.persist();
        upload.otherFiles().forEach((fileName, content) -> {
            ScenarioFile f = new ScenarioFile();
            f.versionId = v.id;
            f.name = fileName;
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
        List<ScenarioFile> others = ScenarioFile.of(v.id);
        List<DataFileView> files = new java.util.ArrayList<>();
        files.add(new DataFileView(v.fileName, v.source.getBytes(StandardCharsets.UTF_8).length));
        others.stream().filter(f -> f.name.endsWith(".java")).forEach(f -> files.add(new DataFileView(f.name, f.content.length)));
        List<DataFileView> data = others.stream().filter(f -> !f.name.endsWith(".java"))
                .map(f -> new DataFileView(f.name, f.content.length)).toList();
        files.addAll(data);
        return new SourceView(VersionView.of(s, v), v.source, data, files);
    }

    /** One file of a version, as it was uploaded. */
    @GET
    @Path("/{scenarioId}/versions/{version}/files/{name}")
    public Response file(@PathParam("projectId") UUID projectId, @PathParam("scenarioId") UUID scenarioId,
            @PathParam("version") int version, @PathParam("name") String name) {
        Scenario s = owned(projectId, scenarioId);
        ScenarioVersion v = ScenarioVersion.find("scenarioId = ?1 and version = ?2", s.id, version).firstResult();
        if (v == null) {
            throw ProblemException.notFound("version " + version + " of scenario " + s.name);
        }
        if (name.equals(v.fileName)) {
            return Response.ok(v.source, "text/plain;charset=utf-8").build();
        }
        ScenarioFile f = ScenarioFile.findById(new ScenarioFile.Key(v.id, name));
        if (f == null) {
            throw ProblemException.notFound("file " + name + " of version " + version + " of scenario " + s.name);
        }
        return Response.ok(f.content, "text/plain;charset=utf-8").build();
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
