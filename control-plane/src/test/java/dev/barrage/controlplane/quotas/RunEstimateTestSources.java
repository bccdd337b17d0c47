package dev.barrage.controlplane.quotas;

/** Scenarios the estimate tests share. */
public final class RunEstimateTestSources {
    private RunEstimateTestSources() {}

    /** Two stages, 8 s in all. */
    public static final String SHAPED = """
            import dev.barrage.scenario.*;
            import java.time.Duration;
            import java.util.List;
            public class Shaped extends HttpUser {
                @Override protected WaitTime waitTime() { return constant(Duration.ofMillis(50)); }
                @Task void ping() { client.get("/fast").send(); }
                public static class Steps extends LoadShape {
                    @Override protected List<Stage> stages() {
                        return List.of(stage(Duration.ofSeconds(4), 4, 2), stage(Duration.ofSeconds(4), 2, 4));
                    }
                }
            }
            """;
}
