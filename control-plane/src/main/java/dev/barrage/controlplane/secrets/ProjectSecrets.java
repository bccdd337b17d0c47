package dev.barrage.controlplane.secrets;

import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.integrations.SecretBox;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A project's secrets: set and removed by its admins, listed by name to whoever sees the project, opened only for the
 * runners of its runs.
 */
@ApplicationScoped
public class ProjectSecrets {
    /** A parameter's or secret's name: what {@code parameter(NAME)} asks for. */
    public static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,63}";
    static final int MAX_SECRETS = 50;
    static final int MAX_VALUE_BYTES = 4096;
    /** Shorter values cannot be masked without hiding ordinary text too. */
    static final int MIN_VALUE_CHARS = 4;

    @Inject
    SecretBox box;

    /** A secret as lists show it: never its value. */
    public record SecretView(String name, String updatedBy, OffsetDateTime updatedAt) {
        static SecretView of(ProjectSecret s) {
            return new SecretView(s.name, s.updatedBy, s.updatedAt);
        }
    }

    public List<SecretView> list(Caller caller, UUID projectId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Project project = Project.owned(projectId, caller);
            return ProjectSecret.of(project.id).stream().map(SecretView::of).toList();
        });
    }

    public SecretView set(Caller caller, UUID projectId, String name, String value) {
        Project project = manageable(caller, projectId, "setting a project secret");
        requireName(name, "the secret's name");
        if (value == null || value.length() < MIN_VALUE_CHARS) {
            throw ProblemException.badRequest("value must be at least " + MIN_VALUE_CHARS + " characters: a shorter "
                    + "secret cannot be masked in logs and reports without hiding ordinary text").with("field", "value");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new ProblemException(413, "Content Too Large", "value is " + value.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; a secret may have " + MAX_VALUE_BYTES).with("field", "value").with("limit", MAX_VALUE_BYTES);
        }
        if (!value.strip().equals(value) || value.contains("\n")) {
            throw ProblemException.badRequest("value starts or ends with white space, or holds a line break: a secret "
                    + "is one line, as it is masked line by line; trim it").with("field", "value");
        }
        String sealed = box.seal(value, ProjectSecret.context(project.id, name));
        return QuarkusTransaction.requiringNew().call(() -> {
            ProjectSecret s = ProjectSecret.findById(new ProjectSecret.Key(project.id, name));
            if (s == null) {
                if (ProjectSecret.count("projectId", project.id) >= MAX_SECRETS) {
                    throw new ProblemException(409, "Too Many Secrets", "project " + project.name + " has "
                            + MAX_SECRETS + " secrets, the most it may have: remove one first").with("limit", MAX_SECRETS);
                }
                s = new ProjectSecret();
                s.projectId = project.id;
                s.name = name;
                s.accountId = project.accountId;
            }
            s.value = sealed;
            s.updatedBy = caller.subject();
            s.updatedAt = OffsetDateTime.now();
            s.persist();
            return SecretView.of(s);
        });
    }

    public void delete(Caller caller, UUID projectId, String name) {
        Project project = manageable(caller, projectId, "removing a project secret");
        boolean deleted = QuarkusTransaction.requiringNew().call(() ->
                ProjectSecret.deleteById(new ProjectSecret.Key(project.id, name)));
        if (!deleted) {
            throw ProblemException.notFound("secret " + name + " of project " + project.name);
        }
    }

    /** The names of a project's secrets. */
    public Set<String> names(UUID projectId) {
        return QuarkusTransaction.requiringNew().call(() -> new TreeSet<>(ProjectSecret.of(projectId).stream()
                .map(s -> s.name).toList()));
    }

    /** Every secret of the project, opened: only for its runs' runners. */
    public Map<String, String> open(UUID projectId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ProjectSecret s : QuarkusTransaction.requiringNew().call(() -> ProjectSecret.of(projectId))) {
            try {
                out.put(s.name, box.open(s.value, ProjectSecret.context(projectId, s.name)));
            } catch (IllegalStateException e) {
                throw new ProblemException(503, "Secret Unreadable", "the project secret " + s.name + " cannot be opened: "
                        + e.getMessage());
            }
        }
        return out;
    }

    /** A name {@code parameter(NAME)} can ask for, else a 400 naming the field. */
    public static void requireName(String name, String what) {
        if (name == null || !name.matches(NAME)) {
            throw ProblemException.badRequest(what + " '" + name + "' is not allowed: use letters, digits and _, not "
                    + "starting with a digit, at most 64 characters, such as API_KEY").with("field", "name");
        }
    }

    private Project manageable(Caller caller, UUID projectId, String action) {
        Project project = QuarkusTransaction.requiringNew().call(() -> Project.owned(projectId, caller));
        caller.requirePerson(action);
        caller.require(Role.ADMIN, action);
        if (!box.configured()) {
            throw new ProblemException(503, "Secrets Unavailable", "project secrets need a key to seal them with: set "
                    + "barrage.secrets.key (BARRAGE_SECRETS_KEY) to 32 random bytes in base64, e.g. from "
                    + "'openssl rand -base64 32'");
        }
        return project;
    }
}
