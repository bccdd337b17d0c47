import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

/** bench/run throughput: GET / in a loop with no wait (the default wait time is none). */
public class Get extends HttpUser {
    @Task
    void get() {
        client.get("/").send();
    }
}
