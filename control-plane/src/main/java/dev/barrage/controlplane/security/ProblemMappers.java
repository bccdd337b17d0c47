package dev.barrage.controlplane.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place that turns errors into {@code application/problem+json}. */
public class ProblemMappers {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Map<String, Object> body = body(e.status(), e.title(), e.getMessage());
        body.putAll(e.extensions());
        Response.ResponseBuilder answer = Response.status(e.status()).type(PROBLEM_JSON).entity(body);
        if (e.retryAfterSeconds() != null) {
            answer.header("Retry-After", e.retryAfterSeconds());
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(io.quarkus.security.AuthenticationFailedException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "the token is not valid (expired, revoked or unknown); sign in again or use a current API token"
                : e.getMessage();
        return Response.status(401).type(PROBLEM_JSON).header("WWW-Authenticate", "Bearer")
                .entity(body(401, "Unauthorized", detail)).build();
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return Response.status(401).type(PROBLEM_JSON).header("WWW-Authenticate", "Bearer")
                .entity(body(401, "Unauthorized", "sign in first: send 'Authorization: Bearer <token>'")).build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return Response.status(403).type(PROBLEM_JSON).entity(body(403, "Forbidden", "you may not do this")).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // the JSON reader wraps what went wrong; "HTTP 400 Bad Request" alone tells nobody what to fix
        for (Throwable cause = e.getCause(); status == 400 && cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m) {
                return wrongJsonType(m);
            }
            if (cause instanceof JsonProcessingException j) {
                return badJson(j);
            }
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 401 -> "sign in first: send 'Authorization: Bearer <token>'";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 415 -> "unsupported content type: send application/json";
            case 400 -> "the request cannot be read: send a JSON body as described in the API reference (/swagger-ui)";
            default -> e.getMessage();
        };
        return Response.status(status).type(PROBLEM_JSON).entity(body(status, title, detail)).build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Response.status(400).type(PROBLEM_JSON)
                .entity(body(400, "Bad Request", "the body is not valid JSON for this request: " + e.getOriginalMessage()
                        + where))
                .build();
    }

    /** Quarkus's own mapper for this subtype would answer a plain JSON body; ours names the field and the type. */
    @ServerExceptionMapper
    public Response wrongJsonType(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        String detail = field.isEmpty()
                ? "the body has the wrong shape for this request: expected " + expected
                : "'" + field + "' has the wrong type: expected " + expected;
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid
                && invalid.getValue() != null) {
            detail += ", got " + invalid.getValue();
        }
        return Response.status(400).type(PROBLEM_JSON).entity(body(400, "Bad Request", detail)).build();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warn("the database cannot be reached: " + e.getMessage());
            return Response.status(503).type(PROBLEM_JSON).header("Retry-After", "5")
                    .entity(body(503, "Service Unavailable",
                            "the database cannot be reached right now; runs in progress go on, try again in a few seconds"))
                    .build();
        }
        LOG.error("unexpected error", e);
        return Response.status(500).type(PROBLEM_JSON)
                .entity(body(500, "Internal Server Error", "something went wrong on our side; it has been logged"))
                .build();
    }

    static Map<String, Object> body(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
