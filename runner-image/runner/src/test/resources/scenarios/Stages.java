import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.LoadShape;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.List;

/** 2 users for 1.5 s, then 5 users for 1.5 s, then the test ends. */
public class Stages extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(50));
    }

    @Task
    void fast() {
        client.get("/fast").send();
    }

    public static class Shape extends LoadShape {
        @Override
        protected List<Stage> stages() {
            return List.of(stage(Duration.ofMillis(1500), 2, 50), stage(Duration.ofMillis(1500), 5, 50));
        }
    }
}
