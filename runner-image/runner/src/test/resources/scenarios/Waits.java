import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

/** Against nginx (NginxPhaseTimingsTest): /wait sleeps 200 ms before its first byte, /fast answers at once. */
public class Waits extends HttpUser {
    @Task
    void waitForIt() {
        client.get("/wait").send();
    }

    @Task
    void fast() {
        client.get("/fast").send();
    }
}
