import dev.barrage.scenario.ArrivalRate;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

/** 20 iterations per second on the demo target's /slow, at most 5 users; ?ms= is set with -e SLOW_MS. */
public class SteadyArrivals extends HttpUser {
    @Task
    void call() {
        client.get("/slow?ms=" + parameter("SLOW_MS").orElse("1")).name("/slow").send();
    }

    public static class Rate extends ArrivalRate {
        public Rate() {
            super(20, 5);
        }
    }
}
