import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** GraphQL queries for items; ids above 1000 do not exist and come back as GraphQL errors. */
public class GraphQlItems extends HttpUser {
    static final String QUERY = "query GetItem($id: Int!) { item(id: $id) { id name price } }";

    @Task
    void item() {
        int id = ThreadLocalRandom.current().nextInt(1, 1500);
        client.graphql("/graphql", QUERY).variables(Map.of("id", id)).send();
    }
}
