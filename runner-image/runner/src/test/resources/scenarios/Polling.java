import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;

/** Starts a 300 ms job and polls it, in the background; records the time from the start request until it is done. */
public class Polling extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(100));
    }

    @Task
    void report() {
        background("job", "report ready", http -> {
            String id = http.post("/jobs?ms=300").name("/jobs").send().json("/id").orElseThrow();
            while (!stopping()) {
                String status = http.get("/jobs/" + id).name("/jobs/[id]").send().json("/status").orElse("");
                if (status.equals("done")) {
                    return;
                }
                sleep(Duration.ofMillis(50));
            }
        });
    }
}
