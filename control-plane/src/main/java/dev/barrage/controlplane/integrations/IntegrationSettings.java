package dev.barrage.controlplane.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.accounts.Caller;
import dev.barrage.controlplane.accounts.Role;
import dev.barrage.controlplane.projects.Project;
import dev.barrage.controlplane.security.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A project's integration settings: kept by admins, the secret sealed before it is stored and shown afterwards only
 * by its last characters.
 */
@ApplicationScoped
public class IntegrationSettings {
    public static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    SecretBox box;

    @Inject
    Instance<Channel> channels;

    /** The answer of {@code POST .../test}. */
    public record TestResult(boolean ok, Integer status, String detail) {}

    /**
     * The project whose integrations the caller wants to manage: another account's answers 404; API tokens and
     * anyone below admin are refused.
     */
    public Project manageable(Caller caller, UUID projectId, String action) {
        Project project = QuarkusTransaction.requiringNew().call(() -> Project.owned(projectId, caller));
        caller.requirePerson(action);
        caller.require(Role.ADMIN, action);
        return project;
    }

    public IntegrationSetting get(Caller caller, UUID projectId, IntegrationKind kind) {
        Project project = manageable(caller, projectId, "seeing integrations");
        return existing(project, kind);
    }

    private IntegrationSetting existing(Project project, IntegrationKind kind) {
        IntegrationSetting s = QuarkusTransaction.requiringNew().call(() -> IntegrationSetting.of(project.id, kind));
        if (s == null) {
            throw ProblemException.notFound("the " + kind.title() + " integration of project " + project.name);
        }
        return s;
    }

    /**
     * Creates or replaces the settings. Without a new secret the stored one is kept, so a setting can change without
     * pasting the secret again, unless it changes where the secret goes ({@link SecretDestination}): then the secret is
     * required again, so whoever may edit the settings cannot send a secret they were never shown somewhere else. The
     * first time, it is required.
     */
    public IntegrationSetting put(Caller caller, Project project, IntegrationKind kind, Object config, String secret,
            String secretField) {
        if (secret != null && secret.isBlank()) {
            secret = null;
        }
        String sealed = secret == null ? null : box.seal(secret.strip(), context(project.id, kind));
        String hint = secret == null ? null : hint(secret.strip());
        String json = toJson(config);
        return QuarkusTransaction.requiringNew().call(() -> {
            IntegrationSetting s = IntegrationSetting.of(project.id, kind);
            if (s == null && sealed == null) {
                throw ProblemException.badRequest(secretField + " is required").with("field", secretField);
            }
            if (s != null && sealed == null && config instanceof SecretDestination after
                    && !after.destination().equals(((SecretDestination) config(s, config.getClass())).destination())) {
                throw ProblemException.badRequest(secretField + " is required again when " + after.destinationFields()
                        + " change: the stored one only goes where it was set to go").with("field", secretField);
            }
            if (s == null) {
                s = new IntegrationSetting();
                s.projectId = project.id;
                s.kind = kind.id();
                s.accountId = project.accountId;
            }
            s.config = json;
            if (sealed != null) {
                s.secret = sealed;
                s.secretHint = hint;
            }
            s.updatedBy = caller.subject();
            s.updatedAt = OffsetDateTime.now();
            s.persist();
            return s;
        });
    }

    public void delete(Caller caller, UUID projectId, IntegrationKind kind) {
        Project project = manageable(caller, projectId, "removing an integration");
        existing(project, kind);
        QuarkusTransaction.requiringNew().run(() -> IntegrationSetting.deleteById(new IntegrationSetting.Key(project.id, kind.id())));
    }

    /** Tries the stored settings against the service now. */
    public TestResult test(Caller caller, UUID projectId, IntegrationKind kind) {
        Project project = manageable(caller, projectId, "testing an integration");
        IntegrationSetting s = existing(project, kind);
        Attempt a = channel(kind).test(s, secret(s), project.name);
        return new TestResult(a.ok(), a.statusCode(), a.detail());
    }

    /** The opened secret, for sending; never to be logged, stored elsewhere or returned. */
    public String secret(IntegrationSetting s) {
        return box.open(s.secret, context(s.projectId, s.kind()));
    }

    public Channel channel(IntegrationKind kind) {
        return channels.stream().filter(c -> c.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("no channel for " + kind));
    }

    public static <T> T config(IntegrationSetting s, Class<T> type) {
        try {
            return JSON.readValue(s.config, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + s.kind + " settings do not parse", e);
        }
    }

    /** The last four characters, to tell secrets apart without showing them. */
    public static String hint(String secret) {
        return "…" + secret.substring(Math.max(0, secret.length() - 4));
    }

    /** Binds a sealed secret to its project and kind. */
    static String context(UUID projectId, IntegrationKind kind) {
        return "integration:" + projectId + ":" + kind.id();
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
