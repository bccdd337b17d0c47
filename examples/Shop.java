import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import dev.barrage.scenario.Weight;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A web shop: most visitors browse, some log in and buy. Run it against the bundled demo target:
 *   ./barrage demo-target --port 8099 &
 *   ./barrage run -f examples/Shop.java -u 50 -r 10 -t 30s -H http://127.0.0.1:8099 --headless
 */
@Weight(3)
public class Shop extends HttpUser {

    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(500), Duration.ofMillis(1500));
    }

    @Task(5)
    void home() {
        client.get("/").send();
    }

    @Task(3)
    void item() {
        long id = ThreadLocalRandom.current().nextLong(1, 1000);
        client.get("/items/" + id).name("/items/[id]").send();
    }

    @Task
    void slowSearch() {
        client.get("/slow?ms=150").name("/slow").send();
    }

    /** Shoppers who log in first and then put things in their cart. */
    @Weight(1)
    public static class Buyer extends HttpUser {
        @Override
        protected WaitTime waitTime() {
            return between(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }

        @Override
        public void onStart() {
            String token = client.post("/login")
                    .json(Map.of("username", "buyer" + ThreadLocalRandom.current().nextInt(1000), "password", "secret"))
                    .send()
                    .json("/token")
                    .orElseThrow(() -> new IllegalStateException("login returned no token"));
            client.defaultHeader("Authorization", "Bearer " + token);
        }

        @Task(2)
        void browse() {
            client.get("/items/42").name("/items/[id]").send();
        }

        @Task
        void addToCart() {
            client.post("/cart")
                    .json(Map.of("item", 42, "quantity", 1))
                    .check(r -> r.status() == 201 ? ok() : fail("cart not created: HTTP " + r.status()))
                    .send();
        }
    }
}
