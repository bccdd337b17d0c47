import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

/** Two tasks weighted 3 : 1 and no wait, so a few seconds make thousands of picks. */
public class TaskMix extends HttpUser {
    @Task(3)
    void often() {
        client.get("/fast").send();
    }

    @Task
    void seldom() {
        client.get("/items/1").name("/items/[id]").send();
    }
}
