import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TokenProvider;
import java.time.Duration;
import java.util.Map;

public class TokenUsers extends HttpUser {
    static final TokenProvider AUTH = TokenProvider
            .oauth(http -> http.post("/auth/token?ttlMs=2000").form(Map.of("grant_type", "client_credentials")))
            .refreshBefore(Duration.ofMillis(500));

    @Task
    void call() {
        client.get("/auth/protected").send();
        sleep(Duration.ofMillis(50));
    }
}
