package dev.barrage.runner.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which user threads have an HTTP request on the wire, so that a stopping run can let requests already sent finish and
 * count them (the target has them, so the report must too) while starting nothing new, as k6's graceful stop does.
 * A thread is "closed" once the run has stopped waiting for its task: its next request is abandoned before it is
 * sent.
 */
public final class RequestsInFlight {
    private static final Set<Thread> SENDING = ConcurrentHashMap.newKeySet();
    private static final Set<Thread> CLOSED = ConcurrentHashMap.newKeySet();

    private RequestsInFlight() {}

    /** Marks this thread's request as sent; throws {@link RequestAbandoned} (nothing sent) once the thread is closed. */
    static void begin() {
        Thread self = Thread.currentThread();
        SENDING.add(self); // before looking at CLOSED: close() either sees this request or this sees the close
        if (CLOSED.contains(self)) {
            SENDING.remove(self);
            throw new RequestAbandoned();
        }
    }

    /** This thread's request is answered (or failed) and recorded. */
    static void end() {
        SENDING.remove(Thread.currentThread());
    }

    /** No new request from {@code user}; returns whether it has one in flight now (whose end is then awaited). */
    public static boolean close(Thread user) {
        CLOSED.add(user);
        return SENDING.contains(user);
    }

    public static boolean sending(Thread user) {
        return SENDING.contains(user);
    }

    /** Forgets a thread whose user has ended. */
    public static void forget(Thread user) {
        CLOSED.remove(user);
        SENDING.remove(user);
    }
}
