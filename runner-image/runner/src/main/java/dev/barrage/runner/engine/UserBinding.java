package dev.barrage.runner.engine;

import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.User;
import dev.barrage.scenario.spi.UserRuntime;
import dev.barrage.scenario.WaitTime;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Hands a user instance its runtime. The scenario API keeps these fields private so that scenario authors see no
 * engine types; the engine reaches them through var handles.
 */
final class UserBinding {
    private static final VarHandle RUNTIME;
    private static final VarHandle CLIENT;
    private static final MethodHandle WAIT_TIME;

    static {
        try {
            RUNTIME = MethodHandles.privateLookupIn(User.class, MethodHandles.lookup())
                    .findVarHandle(User.class, "runtime", UserRuntime.class);
            CLIENT = MethodHandles.privateLookupIn(HttpUser.class, MethodHandles.lookup())
                    .findVarHandle(HttpUser.class, "client", dev.barrage.scenario.Http.class);
            WAIT_TIME = MethodHandles.privateLookupIn(User.class, MethodHandles.lookup())
                    .findVirtual(User.class, "waitTime", MethodType.methodType(WaitTime.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private UserBinding() {}

    static void bind(User user, UserRuntime runtime) {
        RUNTIME.set(user, runtime);
        if (user instanceof HttpUser) {
            CLIENT.set(user, runtime.http());
        }
    }

    /** The user's wait time, asked once when it starts (it is protected so that scenarios override it). */
    static WaitTime waitTime(User user) {
        try {
            WaitTime w = (WaitTime) WAIT_TIME.invoke(user);
            return w == null ? WaitTime.none() : w;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
