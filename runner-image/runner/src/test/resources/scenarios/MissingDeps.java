//DEPS dev.barrage.nonexistent:nothing-here:0.0.1
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

public class MissingDeps extends HttpUser {
    @Task
    void fast() {
        client.get("/fast").send();
    }
}
