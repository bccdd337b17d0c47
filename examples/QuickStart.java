import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;

/**
 * Locust's quickstart, in Java: log in once per user, then browse (weight 3) more often than fetch a page pair
 * (weight 1); every item URL is grouped under one name. Against the bundled demo target:
 *   ./barrage demo-target --port 8099 &
 *   ./barrage run -f examples/QuickStart.java -u 10 -r 5 -t 30s -H http://127.0.0.1:8099 --headless
 */
public class QuickStart extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Override
    public void onStart() {
        String token = client.post("/login").json(Map.of("username", "foo", "password", "bar")).send()
                .json("/token").orElseThrow(() -> new IllegalStateException("no token from /login"));
        client.defaultHeader("Authorization", "Bearer " + token);
    }

    @Task
    void helloWorld() {
        client.get("/").send();
        client.get("/fast").send();
    }

    @Task(3)
    void viewItems() {
        for (int id = 0; id < 10; id++) {
            client.get("/items/" + id).name("/items/[id]")
                    .check(r -> r.status() == 200 || r.status() == 404 ? ok() : fail("HTTP " + r.status()))
                    .send();
            sleep(Duration.ofSeconds(1));
        }
    }

    @Task
    void addToCart() {
        client.post("/cart").json(Map.of("item", 42))
                .check(r -> r.status() == 201 ? ok() : fail("cart not created: HTTP " + r.status()))
                .send();
    }
}
