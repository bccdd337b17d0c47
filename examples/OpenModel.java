import dev.barrage.scenario.ArrivalRate;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.Threshold;
import java.time.Duration;

/**
 * The open model (beyond Locust): iterations start at a fixed rate whatever the response times, as real visitors
 * arrive, and response times count from when each iteration was due, so a slow target shows in the percentiles
 * instead of slowing the test down. Iterations that find all maxUsers busy are dropped and counted. The thresholds
 * decide pass (exit 0) or fail (exit 3).
 *   ./barrage run -f examples/OpenModel.java -H http://127.0.0.1:8099 --headless
 */
@Threshold("p95<300ms")
@Threshold("fail_ratio<1%")
@Threshold("GET /items/[id]:p99<500ms")
public class OpenModel extends HttpUser {
    @Task(3)
    void item() {
        client.get("/items/42").name("/items/[id]").send();
    }

    @Task
    void search() {
        client.get("/latency").name("/search").send();
    }

    /** 10 iterations per second, up to 50 per second over a minute, held for a minute; at most 100 users busy. */
    public static class Ramp extends ArrivalRate {
        public Ramp() {
            super(10, 100, stage(Duration.ofMinutes(1), 50), stage(Duration.ofMinutes(1), 50));
        }
    }
}
