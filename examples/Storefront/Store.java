import dev.barrage.scenario.CheckResult;
import dev.barrage.scenario.Feeder;
import dev.barrage.scenario.Http;
import java.util.Map;

/**
 * What both user classes of this folder share: the shop's requests, and the buyers' accounts from buyers.csv (next to
 * this file), each row handed out once, across every runner of a platform run too. A helper class is plain Java:
 * no user class, no tasks, just code the user classes call.
 */
final class Store {
    static final Feeder BUYERS = Feeder.csv("buyers.csv", Feeder.Order.ONCE);

    /** Sent with every request of one buyer, so that the demo target counts requests per account. */
    static final String SESSION = "X-Demo-Session";

    private Store() {}

    static void home(Http client) {
        client.get("/").send();
    }

    static void item(Http client, long id) {
        client.get("/items/" + id).name("/items/[id]").send();
    }

    /** Logs in as the account and keeps its token and name on every later request of this user. */
    static void logIn(Http client, Map<String, String> account) {
        client.defaultHeader(SESSION, account.get("username"));
        String token = client.post("/login")
                .json(Map.of("username", account.get("username"), "password", account.get("password")))
                .send()
                .json("/token")
                .orElseThrow(() -> new IllegalStateException("login returned no token"));
        client.defaultHeader("Authorization", "Bearer " + token);
    }

    static void addToCart(Http client, long item) {
        client.post("/cart")
                .json(Map.of("item", item, "quantity", 1))
                .check(r -> r.status() == 201 ? CheckResult.ok() : CheckResult.fail("cart not created: HTTP " + r.status()))
                .send();
    }
}
