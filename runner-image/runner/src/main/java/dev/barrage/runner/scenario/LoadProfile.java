package dev.barrage.runner.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.scenario.ArrivalRate;
import dev.barrage.scenario.LoadShape;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * What drives a scenario's users, as far as it can be known before it runs: the run's users ({@link Kind#USERS}), a
 * load shape's listed stages ({@link Kind#STAGES}), a load shape that computes its curve in {@code tick()} and so
 * cannot be known ({@link Kind#TICK}), or an arrival rate with its {@code maxUsers} and stages
 * ({@link Kind#ARRIVAL_RATE}). {@code barrage check} prints it as one JSON line ({@code load: {...}}) so the control
 * plane, which never loads scenario code, can price a run by it.
 *
 * @param shapeName the shape's or arrival rate's class name, or null
 * @param stages for {@link Kind#STAGES}: each stage's seconds, users and spawn rate; for {@link Kind#ARRIVAL_RATE}: each
 *        stage's seconds and target rate (users 0, spawnRate the target), empty for a constant rate
 * @param maxUsers for {@link Kind#ARRIVAL_RATE}: at most this many users exist at once; otherwise 0
 */
public record LoadProfile(Kind kind, String shapeName, List<Stage> stages, int maxUsers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        USERS("users"), STAGES("stages"), TICK("tick"), ARRIVAL_RATE("arrivalRate");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown load profile kind '" + id + "'");
        }
    }

    /** One stage: its length in seconds (fractions allowed), its users and spawn rate (or an arrival rate's target). */
    public record Stage(double seconds, int users, double rate) {}

    public static final LoadProfile USERS = new LoadProfile(Kind.USERS, null, List.of(), 0);

    public LoadProfile {
        stages = List.copyOf(stages);
    }

    /** The profile of a loaded scenario. A stages shape is instantiated once to read its stages. */
    public static LoadProfile of(ScenarioModel model) throws ScenarioException {
        if (model.arrivalRate() != null) {
            ArrivalRate rate = model.arrivalRate();
            List<Stage> stages = new ArrayList<>();
            for (ArrivalRate.Stage s : rate.stages()) {
                stages.add(new Stage(seconds(s.duration()), 0, s.target()));
            }
            return new LoadProfile(Kind.ARRIVAL_RATE, rate.getClass().getSimpleName(), stages, rate.maxUsers());
        }
        if (model.shape() == null) {
            return USERS;
        }
        String name = model.shape().getSimpleName();
        if (overridesTick(model.shape())) {
            return new LoadProfile(Kind.TICK, name, List.of(), 0);
        }
        List<LoadShape.Stage> listed;
        try {
            Method stages = LoadShape.class.getDeclaredMethod("stages");
            stages.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<LoadShape.Stage> answer = (List<LoadShape.Stage>) stages.invoke(model.newShape());
            listed = answer;
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new ScenarioException(ScenarioErrors.describe(e.getCause(), java.util.Set.of(), model.file()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        List<Stage> stages = new ArrayList<>();
        for (LoadShape.Stage s : listed) {
            stages.add(new Stage(seconds(s.duration()), s.users(), s.spawnRate()));
        }
        return new LoadProfile(Kind.STAGES, name, stages, 0);
    }

    private static boolean overridesTick(Class<?> shape) {
        for (Class<?> c = shape; c != null && c != LoadShape.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("tick");
                return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    /** Seconds from the start until the last stage ends, or null when nothing but the run's duration ends it. */
    public Double stagesSeconds() {
        if (kind == Kind.USERS || kind == Kind.TICK || stages.isEmpty()) {
            return null;
        }
        return stages.stream().mapToDouble(Stage::seconds).sum();
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", kind.id());
        if (shapeName != null) {
            o.put("name", shapeName);
        }
        if (kind == Kind.ARRIVAL_RATE) {
            o.put("maxUsers", maxUsers);
        }
        if (!stages.isEmpty()) {
            ArrayNode a = o.putArray("stages");
            for (Stage s : stages) {
                ObjectNode n = a.addObject().put("seconds", s.seconds());
                if (kind == Kind.ARRIVAL_RATE) {
                    n.put("target", s.rate());
                } else {
                    n.put("users", s.users()).put("spawnRate", s.rate());
                }
            }
        }
        return o.toString();
    }

    /** Reads {@link #toJson()}'s answer; null or blank text is {@link #USERS}'s unknown-history stand-in: null. */
    public static LoadProfile parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode o = JSON.readTree(json);
            Kind kind = Kind.of(o.path("kind").asText());
            List<Stage> stages = new ArrayList<>();
            for (JsonNode s : o.path("stages")) {
                stages.add(kind == Kind.ARRIVAL_RATE
                        ? new Stage(s.path("seconds").asDouble(), 0, s.path("target").asDouble())
                        : new Stage(s.path("seconds").asDouble(), s.path("users").asInt(), s.path("spawnRate").asDouble()));
            }
            return new LoadProfile(kind, o.hasNonNull("name") ? o.get("name").asText() : null, stages,
                    o.path("maxUsers").asInt());
        } catch (IOException e) {
            throw new IllegalArgumentException("not a load profile: " + json, e);
        }
    }
}
