import dev.barrage.scenario.FixedCount;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/**
 * A folder scenario: Buyer.java and Browser.java are its user classes, Store.java the helper they share, buyers.csv
 * its test data. The folder is the scenario, locally and on the platform:
 *   ./barrage run -f examples/Storefront -u 6 -r 10 -t 30s -H http://127.0.0.1:8099 --headless
 *   ./barrage cloud run -f examples/Storefront -u 6 -r 10 -t 30s -H https://staging.example.com --wait
 * Four buyers, each logged in with its own row of buyers.csv; every other user browses.
 */
@FixedCount(4)
public class Buyer extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(200), Duration.ofMillis(600));
    }

    @Override
    public void onStart() {
        Store.logIn(client, Store.BUYERS.next());
    }

    @Task
    void addToCart() {
        Store.addToCart(client, 42);
    }
}
