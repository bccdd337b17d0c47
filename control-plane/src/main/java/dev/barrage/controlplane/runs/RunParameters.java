package dev.barrage.controlplane.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.controlplane.secrets.ProjectSecrets;
import dev.barrage.controlplane.security.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A run's {@code parameters}, what its scenario reads with {@code parameter(KEY)}, as Locust's and
 * {@code barrage run}'s {@code -e KEY=VALUE}: names a scenario can ask for, bounded in number and size, and none that
 * is one of the project's secrets (a secret is never replaced by a value in the clear, which the run would keep).
 */
final class RunParameters {
    static final int MAX_PARAMETERS = 50;
    static final int MAX_VALUE_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunParameters() {}

    static Map<String, String> check(Map<String, String> parameters, Set<String> secretNames) {
        if (parameters == null || parameters.isEmpty()) {
            return Map.of();
        }
        if (parameters.size() > MAX_PARAMETERS) {
            throw ProblemException.badRequest("a run takes at most " + MAX_PARAMETERS + " parameters, got "
                    + parameters.size()).with("field", "parameters");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String name = p.getKey();
            if (name == null || !name.matches(ProjectSecrets.NAME)) {
                throw ProblemException.badRequest("parameter name '" + name + "' is not allowed: use letters, digits and"
                        + " _, not starting with a digit, at most 64 characters, such as TENANT").with("field", "parameters");
            }
            if (secretNames.contains(name)) {
                throw ProblemException.badRequest("parameter " + name + " is a secret of this project: the scenario gets "
                        + "its value already; a run cannot replace it (rename the parameter, or change the secret)")
                        .with("field", "parameters");
            }
            String value = p.getValue() == null ? "" : p.getValue();
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
                throw ProblemException.badRequest("parameter " + name + " is " + value.getBytes(StandardCharsets.UTF_8).length
                        + " bytes; the limit is " + MAX_VALUE_BYTES + ": pass data as a data file of the scenario")
                        .with("field", "parameters");
            }
            out.put(name, value);
        }
        return Collections.unmodifiableMap(out);
    }

    /** As stored with the run: a JSON object, or null for none. */
    static String store(Map<String, String> parameters) {
        try {
            return parameters.isEmpty() ? null : JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> read(String stored) {
        if (stored == null || stored.isBlank()) {
            return Map.of();
        }
        try {
            return Collections.unmodifiableMap(new TreeMap<>(JSON.readValue(stored, new TypeReference<Map<String, String>>() {})));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters are not JSON: " + e.getOriginalMessage());
        }
    }
}
