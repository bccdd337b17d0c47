import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Visitors who only look around (see Buyer.java for the folder's other user class). */
public class Browser extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(200), Duration.ofMillis(600));
    }

    @Task(3)
    void home() {
        Store.home(client);
    }

    @Task
    void item() {
        Store.item(client, ThreadLocalRandom.current().nextLong(1, 1000));
    }
}
