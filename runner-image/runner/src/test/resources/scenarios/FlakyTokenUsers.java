import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TokenProvider;
import java.time.Duration;
import java.util.Map;

/** Every third token request fails with 503; the token is replaced 1 s before it expires, retries after 100 ms. */
public class FlakyTokenUsers extends HttpUser {
    static final TokenProvider AUTH = TokenProvider
            .oauth(http -> http.post("/auth/token?ttlMs=2000&failEvery=3"))
            .refreshBefore(Duration.ofSeconds(1))
            .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .name("flaky token");

    @Task
    void call() {
        client.get("/auth/protected").send();
        sleep(Duration.ofMillis(50));
    }
}
