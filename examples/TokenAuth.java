import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.Threshold;
import dev.barrage.scenario.TokenProvider;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;

/**
 * Auth that lasts a long test: one bearer token shared by every user of the runner, fetched before the first request
 * and refreshed half a second before it expires (the demo target's tokens live 2 s), one fetch at a time however
 * many users there are. Every request carries "Authorization: Bearer <token>"; the fetches have their own statistics
 * line, AUTH token. No request is refused for an expired token, so the threshold passes.
 *   ./barrage run -f examples/TokenAuth.java -u 50 -r 50 -t 10s -H http://127.0.0.1:8099 --headless
 */
@Threshold("GET /auth/protected:failures<1")
public class TokenAuth extends HttpUser {
    static final TokenProvider AUTH = TokenProvider
            .oauth(http -> http.post("/auth/token?ttlMs=2000").form(Map.of("grant_type", "client_credentials")))
            .refreshBefore(Duration.ofMillis(500));

    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(100));
    }

    @Task(10)
    void protectedResource() {
        client.get("/auth/protected").send();
    }

    @Task
    void publicPage() {
        client.get("/fast").withoutToken().send();
    }
}
