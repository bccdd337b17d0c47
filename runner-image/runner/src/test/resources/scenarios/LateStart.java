import dev.barrage.scenario.ArrivalRate;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import java.time.Duration;

/** Each new user takes 300 ms to start, so its first iteration starts 300 ms after it was due. */
public class LateStart extends HttpUser {
    @Override
    public void onStart() {
        sleep(Duration.ofMillis(300));
    }

    @Task
    void call() {
        client.get("/fast").send();
    }

    public static class Rate extends ArrivalRate {
        public Rate() {
            super(4, 3);
        }
    }
}
