import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;

/** At most 5 tasks per second per user, whatever the response time. */
public class Throughput extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constantThroughput(5);
    }

    @Task
    void fast() {
        client.get("/fast").send();
    }
}
