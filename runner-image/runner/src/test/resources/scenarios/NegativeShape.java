import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.LoadShape;
import dev.barrage.scenario.Task;
import java.time.Duration;

/** A shape that answers a negative user count after one second. */
public class NegativeShape extends HttpUser {
    @Task
    void fast() {
        client.get("/fast").send();
        sleep(Duration.ofMillis(50));
    }

    public static class Broken extends LoadShape {
        @Override
        public Target tick() {
            return runTime().toMillis() < 900 ? target(2, 10) : target(-3, 10);
        }
    }
}
