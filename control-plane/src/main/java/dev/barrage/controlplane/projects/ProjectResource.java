package dev.barrage.controlplane.projects;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.CallerResolver;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.security.ProblemException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@io.quarkus.security.Authenticated
@Path("/api/projects")
public class ProjectResource {
    @Inject
    CallerResolver callers;

    public record NewProject(String name) {}

    public record ProjectView(UUID id, String name, OffsetDateTime createdAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id, p.name, p.createdAt);
        }
    }

    @GET
    public List<ProjectView> list() {
        Caller caller = callers.caller();
        return Project.<Project>list("accountId = ?1 order by name", caller.accountId()).stream()
                .filter(p -> caller.canSee(p.accountId, p.id))
                .map(ProjectView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ProjectView get(@PathParam("id") UUID id) {
        return ProjectView.of(Project.owned(id, callers.caller()));
    }

    @POST
    @Transactional
    public Response create(NewProject body) {
        Caller caller = callers.caller();
        caller.requirePerson("creating a project");
        caller.require(Role.MEMBER, "creating a project");
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ProblemException.badRequest("a project needs a name");
        }
        String name = body.name().trim();
        if (name.length() > 100) {
            throw ProblemException.badRequest("a project name has at most 100 characters");
        }
        if (Project.count("accountId = ?1 and name = ?2", caller.accountId(), name) > 0) {
            throw ProblemException.conflict("this account already has a project named '" + name + "'");
        }
        Project p = new Project();
        p.id = UUID.randomUUID();
        p.accountId = caller.accountId();
        p.name = name;
        p.createdAt = OffsetDateTime.now();
        p.persist();
        return Response.status(201).entity(ProjectView.of(p)).build();
    }
}
