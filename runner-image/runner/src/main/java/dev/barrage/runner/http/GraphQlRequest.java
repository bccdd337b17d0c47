package dev.barrage.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.scenario.CheckResult;
import dev.barrage.scenario.GraphQl;
import dev.barrage.scenario.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GraphQL request over HTTP: a JSON POST of {@code query}, {@code variables} and {@code operationName}, recorded
 * under type {@code GraphQL} and the operation name. GraphQL servers answer errors with HTTP 200 and an
 * {@code errors} array, so such an answer is a failure with the first error's message.
 */
final class GraphQlRequest implements GraphQl {
    static final String TYPE = "GraphQL";
    private static final Pattern OPERATION = Pattern.compile("\\b(?:query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)");

    private final HttpRequestBuilder http;
    private final String query;
    private Map<String, ?> variables;
    private String operationName;

    GraphQlRequest(HttpRequestBuilder http, String query) {
        this.http = http;
        this.query = query;
    }

    @Override
    public GraphQl variables(Map<String, ?> variables) {
        this.variables = variables;
        return this;
    }

    @Override
    public GraphQl operationName(String operationName) {
        this.operationName = operationName;
        return this;
    }

    @Override
    public GraphQl header(String name, String value) {
        http.header(name, value);
        return this;
    }

    @Override
    public GraphQl check(Function<Response, CheckResult> check) {
        http.check(check);
        return this;
    }

    @Override
    public Response send() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null) {
            body.put("variables", variables);
        }
        if (operationName != null) {
            body.put("operationName", operationName);
        }
        http.json(body);
        http.name(statName());
        return http.statType(TYPE).protocolCheck(GraphQlRequest::errors).send();
    }

    private String statName() {
        if (operationName != null) {
            return operationName;
        }
        Matcher m = OPERATION.matcher(query);
        return m.find() ? m.group(1) : "anonymous";
    }

    static CheckResult errors(Response response) {
        JsonNode body = Json.read(response.bytes());
        if (body == null) {
            return CheckResult.fail("GraphQL answer is not JSON");
        }
        JsonNode errors = body.get("errors");
        if (errors == null || errors.isNull() || (errors.isArray() && errors.isEmpty())) {
            return CheckResult.ok();
        }
        JsonNode first = errors.isArray() ? errors.get(0) : errors;
        JsonNode message = first.get("message");
        return CheckResult.fail(message != null && message.isTextual() ? message.asText() : first.toString());
    }
}
