import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.SequentialTaskSet;
import dev.barrage.scenario.Task;

/** A user that either browses or goes through a checkout sequence (start, first, second x2, leave, stop). */
public class Nested extends HttpUser {
    @Task
    void outside() {
        client.get("/fast").name("outside").send();
    }

    @Task
    static class Checkout extends SequentialTaskSet {
        @Override
        public void onStart() {
            measure("set", "start", () -> { });
        }

        @Override
        public void onStop() {
            measure("set", "stop", () -> { });
        }

        @Task
        void first() {
            client.get("/items/1").name("first").send();
        }

        @Task(2)
        void second() {
            client.get("/items/2").name("second").send();
        }

        @Task
        void leave() {
            measure("set", "leave", () -> { });
            interrupt();
        }
    }
}
