import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** A task that throws half of the time: the run goes on, the exception is counted and reported. */
public class Throwing extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(50));
    }

    @Task
    void sometimesBroken() {
        client.get("/fast").send();
        if (System.nanoTime() % 2 == 0) {
            throw new IllegalStateException("scenario bug: no cart id");
        }
    }
}
