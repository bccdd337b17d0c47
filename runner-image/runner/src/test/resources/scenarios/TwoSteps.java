import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** A task of two requests, the first slow: a run stopped within the first second stops every user in its first. */
public class TwoSteps extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ZERO);
    }

    @Task
    void order() {
        client.get("/slow?ms=1500").name("/first").send();
        client.get("/fast").name("/second").send();
    }
}
