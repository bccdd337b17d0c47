package dev.barrage.runner.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the response timeout of every open connection from one watchdog thread. A socket read timeout
 * ({@code SO_TIMEOUT}) would do it too, but on a virtual thread every timed read arms and cancels a timer on another
 * thread: profiled, that doubled the context switches per request. Here a request only writes its deadline into a
 * field; once every {@link #TICK_MILLIS} the watchdog closes the connections whose deadline has passed, which wakes
 * their blocked reads with an error that {@link HttpConnection} reports as a timeout.
 */
final class ResponseDeadlines {
    static final long TICK_MILLIS = 100;

    private static final Set<HttpConnection> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Thread watchdog = Thread.ofPlatform().daemon().name("barrage-response-deadlines").unstarted(ResponseDeadlines::watch);
        watchdog.setPriority(Thread.MAX_PRIORITY);
        watchdog.start();
    }

    private ResponseDeadlines() {}

    static void register(HttpConnection connection) {
        OPEN.add(connection);
    }

    static void unregister(HttpConnection connection) {
        OPEN.remove(connection);
    }

    private static void watch() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (HttpConnection connection : OPEN) {
                connection.expireIfOverdue(now);
            }
        }
    }
}
