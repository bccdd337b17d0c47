import dev.barrage.scenario.Feeder;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import java.util.Map;

/** Each row of items.csv once: users stop when the rows run out. */
public class Feeders extends HttpUser {
    static final Feeder ITEMS = Feeder.csv("items.csv", Feeder.Order.valueOf(System.getProperty("feeder.order", "ONCE")));

    @Task
    void item() {
        Map<String, String> row = ITEMS.next();
        client.get("/items/" + row.get("id")).name("item " + row.get("id") + " " + row.get("name")).send();
    }
}
