import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Every kind of request the demo target counts, with a short wait so a few seconds make hundreds of requests. */
public class Counted extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(10));
    }

    @Override
    public void onStart() {
        client.post("/login").json(Map.of("username", "counted")).send();
    }

    @Task(3)
    void fast() {
        client.get("/fast").send();
    }

    @Task(2)
    void item() {
        client.get("/items/" + ThreadLocalRandom.current().nextInt(1, 500)).name("/items/[id]").send();
    }

    @Task
    void flaky() {
        client.get("/flaky?rate=0.3").name("/flaky").send();
    }

    @Task
    void slow() {
        client.get("/slow?ms=20").name("/slow").send();
    }
}
