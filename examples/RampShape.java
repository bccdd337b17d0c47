import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.LoadShape;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.List;

/**
 * A load shape (Locust's LoadTestShape): stages of users and spawn rate, one after the other; the test ends after the
 * last one. -u and -r are not needed. For any other curve, override tick() instead of stages().
 *   ./barrage run -f examples/RampShape.java -H http://127.0.0.1:8099 --headless
 */
public class RampShape extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(500));
    }

    @Task
    void item() {
        client.get("/items/1").name("/items/[id]").send();
    }

    public static class WarmUpPeakCoolDown extends LoadShape {
        @Override
        protected List<Stage> stages() {
            return List.of(
                    stage(Duration.ofSeconds(20), 10, 2),    // warm up: 10 users, 2 more per second
                    stage(Duration.ofSeconds(30), 50, 10),   // peak
                    stage(Duration.ofSeconds(10), 5, 10));   // cool down
        }
    }
}
