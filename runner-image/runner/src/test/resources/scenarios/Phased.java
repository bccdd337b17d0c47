import dev.barrage.scenario.*;

/** Fast answers, except from 2 s to 4 s after the scenario is loaded, when every request takes 150 ms. */
public class Phased extends HttpUser {
    static final long LOADED = System.currentTimeMillis();

    @Task
    void get() {
        long t = System.currentTimeMillis() - LOADED;
        boolean slow = t >= 2_000 && t < 4_000;
        client.get(slow ? "/slow?ms=150" : "/fast").name("phased").send();
    }
}
