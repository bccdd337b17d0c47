import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

public class Broken extends HttpUser {
    @Task
    void browse() {
        client.get("/fast").sendd();
    }
}
