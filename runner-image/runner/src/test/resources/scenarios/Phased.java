import dev.barrage.scenario.*;

/** Fast answers, except from 2 s to 5.5 s after the scenario is loaded (long enough for a whole
 * 2 s window between two reports even when the users start a second after the class loads), when every request takes 150 ms. */
public class Phased extends HttpUser {
    static final long LOADED = System.currentTimeMillis();

    @Task
    void get() {
        long t = System.currentTimeMillis() - LOADED;
        boolean slow = t >= 2_000 && t < 5_500;
        client.get(slow ? "/slow?ms=150" : "/fast").name("phased").send();
    }
}
