import dev.barrage.scenario.ArrivalRate;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import java.time.Duration;

/** From 0 to 20 iterations per second over 2 s: 20 iterations, then the test ends by itself. */
public class RampArrivals extends HttpUser {
    @Task
    void call() {
        client.get("/fast").send();
    }

    public static class Rate extends ArrivalRate {
        public Rate() {
            super(0, 50, stage(Duration.ofSeconds(2), 20));
        }
    }
}
