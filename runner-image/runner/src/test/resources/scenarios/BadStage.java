import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.LoadShape;
import dev.barrage.scenario.Task;
import java.time.Duration;
import java.util.List;

public class BadStage extends HttpUser {
    @Task
    void fast() {
        client.get("/fast").send();
    }

    public static class Shape extends LoadShape {
        @Override
        protected List<Stage> stages() {
            return List.of(
                    stage(Duration.ofSeconds(5), 10, 2),
                    stage(Duration.ofSeconds(5), -1, 2));
        }
    }
}
