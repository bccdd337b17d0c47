import dev.barrage.scenario.FixedCount;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import dev.barrage.scenario.Weight;
import java.time.Duration;

/** Two admins whatever the total; the other users shared 3 : 1. Each user marks its start and stop. */
public class FixedUsers {
    abstract static class Marked extends HttpUser {
        @Override
        protected WaitTime waitTime() {
            return constant(Duration.ofMillis(100));
        }

        @Override
        public void onStart() {
            measure("start", getClass().getSimpleName(), () -> { });
        }

        @Override
        public void onStop() {
            measure("stop", getClass().getSimpleName(), () -> { });
        }

        @Task
        void fast() {
            client.get("/fast").send();
        }
    }

    @FixedCount(2)
    public static class Admin extends Marked {}

    @Weight(3)
    public static class Reader extends Marked {}

    public static class Writer extends Marked {}
}
