import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

/** Requests with a spread of response times: the demo target's /latency sleeps a seeded random 5-50 ms. */
public class Latency extends HttpUser {
    @Task(3)
    void latency() {
        client.get("/latency").send();
    }

    @Task
    void fast() {
        client.get("/fast").send();
    }
}
