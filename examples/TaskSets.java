import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.SequentialTaskSet;
import dev.barrage.scenario.Tag;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TaskSet;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Locust's task sets: a user picks between its own tasks and nested task sets by weight. Inside a task set it runs
 * the set's tasks until one calls interrupt(); a SequentialTaskSet runs them in the order written. Tags pick tasks:
 *   ./barrage run -f examples/TaskSets.java -u 10 -r 5 -t 30s -H http://127.0.0.1:8099 --headless --tags browse
 */
public class TaskSets extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(200), Duration.ofMillis(600));
    }

    @Tag("browse")
    @Task(2)
    void home() {
        client.get("/").send();
    }

    /** Browsing the catalogue: a few item pages, then back to the user's other tasks. */
    @Tag("browse")
    @Task(3)
    static class Catalogue extends TaskSet {
        private int pagesLeft;

        @Override
        public void onStart() {
            pagesLeft = ThreadLocalRandom.current().nextInt(2, 6);
        }

        @Task(4)
        void item() {
            client.get("/items/" + ThreadLocalRandom.current().nextInt(1, 100)).name("/items/[id]").send();
            if (--pagesLeft == 0) {
                interrupt();
            }
        }

        @Task
        void leave() {
            interrupt();
        }
    }

    /** Buying: always log in, add to the cart, then leave; in this order. */
    @Tag("buy")
    @Task
    static class Checkout extends SequentialTaskSet {
        @Task
        void login() {
            String token = client.post("/login").json(Map.of("username", "shopper")).send().json("/token").orElseThrow();
            client.defaultHeader("Authorization", "Bearer " + token);
        }

        @Task(2)
        void addToCart() {
            client.post("/cart").json(Map.of("item", 7)).send();
        }

        @Task
        void done() {
            interrupt();
        }
    }
}
