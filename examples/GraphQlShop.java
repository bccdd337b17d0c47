import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A GraphQL API: queries are POSTed as JSON and recorded under type GraphQL and their operation name. A 200 answer
 * whose body has "errors" is a failure with the first error's message (the demo target has items 1 to 1000).
 *   ./barrage run -f examples/GraphQlShop.java -u 10 -r 5 -t 30s -H http://127.0.0.1:8099 --headless
 */
public class GraphQlShop extends HttpUser {
    static final String ITEM = """
            query GetItem($id: Int!) {
              item(id: $id) { id name price }
            }""";

    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(200), Duration.ofMillis(800));
    }

    @Task(9)
    void item() {
        int id = ThreadLocalRandom.current().nextInt(1, 1001);
        client.graphql("/graphql", ITEM).variables(Map.of("id", id))
                .check(r -> r.json("/data/item/name").orElse("").equals("item-" + id) ? ok() : fail("wrong item"))
                .send();
    }

    /** Asks for an item that does not exist, to show a GraphQL error in the failure report: "no item 5000". */
    @Task
    void missingItem() {
        client.graphql("/graphql", ITEM).variables(Map.of("id", 5000)).operationName("GetItem").send();
    }
}
