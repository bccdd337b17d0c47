import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Response;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A form login as a Locust user writes it: GET /login sets a session cookie and puts a CSRF token in the form,
 * POST /login answers 302 to /account, and every later page needs the session cookie. The client keeps the cookie
 * and follows the redirect by itself; the POST is recorded once, with where it ended in {@code url()}.
 */
public class Login extends HttpUser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(50), Duration.ofMillis(150));
    }

    @Override
    public void onStart() {
        Matcher csrf = CSRF.matcher(client.get("/login").send().text());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token in the login form");
        }
        String username = ThreadLocalRandom.current().nextBoolean() ? "ann" : "bob";
        Response signedIn = client.post("/login")
                .form(Map.of("username", username, "password", "secret", "csrf_token", csrf.group(1)))
                .check(r -> r.url().endsWith("/account") ? ok() : fail("not signed in"))
                .send();
        if (!signedIn.ok()) {
            throw new IllegalStateException("sign-in failed: " + signedIn.status());
        }
    }

    @Task(3)
    void account() {
        client.get("/account").check(r -> r.text().contains("Signed in as") ? ok() : fail("not signed in")).send();
    }

    @Task
    void item() {
        client.get("/items/" + ThreadLocalRandom.current().nextInt(1, 101)).name("/items/[id]").send();
    }
}
