package dev.barrage.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A problem's answer: status, problem+json body with its extensions, and Retry-After when the caller should wait. */
class ProblemMappersTest {
    @Test
    void aBusyServiceSaysWhenToTryAgain() {
        Response r = new ProblemMappers().problem(new ProblemException(503, "Service Unavailable", "busy").retryAfter(60));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("60");
        assertThat(r.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(entity(r)).containsEntry("status", 503).containsEntry("detail", "busy");
    }

    @Test
    void otherProblemsHaveNoRetryAfterButKeepTheirFields() {
        Response r = new ProblemMappers().problem(ProblemException.badRequest("no").with("field", "runs"));
        assertThat(r.getHeaderString("Retry-After")).isNull();
        assertThat(entity(r)).containsEntry("field", "runs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entity(Response r) {
        return (Map<String, Object>) r.getEntity();
    }
}
