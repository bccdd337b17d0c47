import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.Threshold;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** Thresholds declared in the scenario; /slow takes 20 ms, /flaky fails 30 % of the time. */
@Threshold("GET /slow:p50>=20ms")
@Threshold("/flaky:fail_ratio<0.9")
public class Guarded extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(10));
    }

    @Task
    void slow() {
        client.get("/slow?ms=20").name("/slow").send();
    }

    @Task
    void flaky() {
        client.get("/flaky?rate=0.3").name("/flaky").send();
    }
}
