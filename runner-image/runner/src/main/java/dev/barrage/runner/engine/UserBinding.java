package dev.barrage.runner.engine;

import dev.barrage.scenario.Http;
import dev.barrage.scenario.HttpUser;
import dev.barrage.scenario.TaskHolder;
import dev.barrage.scenario.TaskSet;
import dev.barrage.scenario.User;
import dev.barrage.scenario.WaitTime;
import dev.barrage.scenario.spi.UserRuntime;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Hands a user or task set instance its runtime. The scenario API keeps these fields private so that scenario
 * authors see no engine types; the engine reaches them through var handles.
 */
final class UserBinding {
    private static final VarHandle RUNTIME;
    private static final VarHandle USER_CLIENT;
    private static final VarHandle SET_CLIENT;
    private static final VarHandle SET_USER;
    private static final MethodHandle WAIT_TIME;

    static {
        try {
            MethodHandles.Lookup holder = MethodHandles.privateLookupIn(TaskHolder.class, MethodHandles.lookup());
            RUNTIME = holder.findVarHandle(TaskHolder.class, "runtime", UserRuntime.class);
            WAIT_TIME = holder.findVirtual(TaskHolder.class, "waitTime", MethodType.methodType(WaitTime.class));
            USER_CLIENT = MethodHandles.privateLookupIn(HttpUser.class, MethodHandles.lookup())
                    .findVarHandle(HttpUser.class, "client", Http.class);
            MethodHandles.Lookup set = MethodHandles.privateLookupIn(TaskSet.class, MethodHandles.lookup());
            SET_CLIENT = set.findVarHandle(TaskSet.class, "client", Http.class);
            SET_USER = set.findVarHandle(TaskSet.class, "user", User.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private UserBinding() {}

    static void bind(User user, UserRuntime runtime) {
        RUNTIME.set(user, runtime);
        if (user instanceof HttpUser) {
            USER_CLIENT.set(user, runtime.http());
        }
    }

    static void bind(TaskSet set, UserRuntime runtime, User user) {
        RUNTIME.set(set, runtime);
        SET_USER.set(set, user);
        if (user instanceof HttpUser) {
            SET_CLIENT.set(set, runtime.http());
        }
    }

    /** The wait time, asked once per user or task set visit (it is protected so that scenarios override it). */
    static WaitTime waitTime(TaskHolder holder) {
        try {
            return (WaitTime) WAIT_TIME.invoke(holder);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
