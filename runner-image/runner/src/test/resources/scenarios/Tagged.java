import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Tag;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TaskSet;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** Tasks tagged "browse" and "buy", one untagged, and a task set tagged "browse" as a whole. */
public class Tagged extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(5));
    }

    @Tag("browse")
    @Task
    void home() {
        client.get("/fast").send();
    }

    @Tag({"buy", "slow"})
    @Task
    void buy() {
        client.get("/slow?ms=1").name("/slow").send();
    }

    @Task
    void untagged() {
        client.get("/").send();
    }

    @Tag("browse")
    @Task
    static class Catalogue extends TaskSet {
        @Task
        void item() {
            client.get("/items/7").name("/items/[id]").send();
            interrupt();
        }
    }
}
