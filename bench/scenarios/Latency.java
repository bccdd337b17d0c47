import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

/** bench/run --accuracy: GET /latency on the demo target in a loop, no wait. */
public class Latency extends HttpUser {
    @Task
    void latency() {
        client.get("/latency").send();
    }
}
