import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** Marks each user's start as a measurement, so a test can see when each user was spawned. */
public class Paced extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(200));
    }

    @Override
    public void onStart() {
        measure("spawn", "user started", () -> { });
    }

    @Task
    void slowTask() {
        client.get("/slow?ms=600").name("/slow").send();
    }
}
