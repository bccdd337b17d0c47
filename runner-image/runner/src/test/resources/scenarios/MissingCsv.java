import dev.barrage.scenario.Feeder;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;

public class MissingCsv extends HttpUser {
    static final Feeder USERS =
            Feeder.csv("no-such-users.csv");

    @Task
    void login() {
        client.post("/login").json(USERS.next()).send();
    }
}
