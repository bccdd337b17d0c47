import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.Weight;

/** Three user classes weighted 5 : 3 : 1. */
public class Weighted {
    @Weight(5)
    public static class Reader extends HttpUser {
        @Task
        void read() {
            client.get("/fast").send();
        }
    }

    @Weight(3)
    public static class Writer extends HttpUser {
        @Task
        void write() {
            client.post("/cart").send();
        }
    }

    public static class Admin extends HttpUser {
        @Task
        void admin() {
            client.get("/").send();
        }
    }
}
