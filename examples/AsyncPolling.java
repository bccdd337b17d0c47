import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The async pattern: a request starts a job (202 + id), and the client polls until it is done. What matters is the
 * time from the start request to "done", recorded here as one measurement, "job / report ready", beside the polling
 * requests themselves. The user goes on with other tasks meanwhile; polling still running when the test stops is
 * cut and not recorded.
 *   ./barrage run -f examples/AsyncPolling.java -u 10 -r 5 -t 30s -H http://127.0.0.1:8099 --headless
 */
public class AsyncPolling extends HttpUser {
    @Override
    protected WaitTime waitTime() {
        return between(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Task
    void orderReport() {
        int ms = ThreadLocalRandom.current().nextInt(200, 800);
        background("job", "report ready", http -> {
            String id = http.post("/jobs?ms=" + ms).name("/jobs").send().json("/id")
                    .orElseThrow(() -> new IllegalStateException("no job id"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!http.get("/jobs/" + id).name("/jobs/[id]").send().json("/status").orElse("").equals("done")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job not done after 10 s");
                }
                sleep(Duration.ofMillis(100));
            }
        });
    }

    @Task(3)
    void browse() {
        client.get("/items/" + ThreadLocalRandom.current().nextInt(1, 100)).name("/items/[id]").send();
    }
}
