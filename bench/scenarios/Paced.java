import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** bench/run --memory: GET / then a constant 1 s wait, so 10,000 users are mostly idle. */
public class Paced extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofSeconds(1));
    }

    @Task
    void get() {
        client.get("/").send();
    }
}
