import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.OnRequest;
import dev.barrage.scenario.OnTestStart;
import dev.barrage.scenario.OnTestStop;
import dev.barrage.scenario.RequestEvent;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.TestContext;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Test-level hooks counting what they see, for the test to read. */
public class Hooks extends HttpUser {
    static final AtomicInteger STARTS = new AtomicInteger();
    static final AtomicInteger STOPS = new AtomicInteger();
    static final AtomicLong REQUESTS = new AtomicLong();
    static final AtomicLong FAILURES = new AtomicLong();
    static final AtomicLong TIMED = new AtomicLong();
    static final AtomicLong OPENED = new AtomicLong();
    static volatile String hostSeen;
    static volatile String tenantSeen;

    @OnTestStart
    static void start(TestContext context) {
        STARTS.incrementAndGet();
        hostSeen = context.host();
        tenantSeen = context.parameter("TENANT").orElse(null);
    }

    @OnTestStop
    static void stop() {
        STOPS.incrementAndGet();
    }

    @OnRequest
    static void request(RequestEvent event) {
        REQUESTS.incrementAndGet();
        if (!event.ok()) {
            FAILURES.incrementAndGet();
        }
        if (event.timings() != null && event.timings().ttfbMillis() > 0) {
            TIMED.incrementAndGet();
            OPENED.addAndGet(event.timings().newConnections());
        }
    }

    @Override
    protected WaitTime waitTime() {
        return constant(Duration.ofMillis(20));
    }

    @Task
    void flaky() {
        client.get("/flaky?rate=0.3").name("/flaky").send();
    }
}
