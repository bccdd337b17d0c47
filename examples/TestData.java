import dev.barrage.scenario.Feeder;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.OnRequest;
import dev.barrage.scenario.OnTestStart;
import dev.barrage.scenario.OnTestStop;
import dev.barrage.scenario.RequestEvent;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TestContext;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Test data and test-level hooks. accounts.csv, next to this file, is read when the scenario loads (a missing file
 * is reported with this file's line); users take its rows in turn. -e ITEM=7 sets a parameter. The hooks run once per
 * runner, like Locust's test_start, test_stop and request events.
 *   ./barrage run -f examples/TestData.java -u 4 -r 4 -t 20s -H http://127.0.0.1:8099 --headless -e ITEM=7
 */
public class TestData extends HttpUser {
    private static final Logger LOG = Logger.getLogger("TestData");
    static final Feeder ACCOUNTS = Feeder.csv("accounts.csv", Feeder.Order.CIRCULAR);
    static final LongAdder SLOW = new LongAdder();

    @OnTestStart
    static void announce(TestContext test) {
        LOG.info(() -> "Testing " + test.host() + " with " + ACCOUNTS.size() + " accounts");
    }

    @OnRequest
    static void countSlow(RequestEvent request) {
        if (request.responseTimeMillis() > 100) {
            SLOW.increment();
        }
    }

    @OnTestStop
    static void summary() {
        LOG.info(() -> SLOW.sum() + " requests took more than 100 ms");
    }

    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Override
    public void onStart() {
        Map<String, String> account = ACCOUNTS.next();
        String token = client.post("/login").json(Map.of("username", account.get("username"),
                "password", account.get("password"))).send().json("/token").orElseThrow();
        client.defaultHeader("Authorization", "Bearer " + token);
    }

    @Task
    void buy() {
        client.post("/cart").json(Map.of("item", Integer.parseInt(parameter("ITEM").orElse("1")))).send();
    }
}
