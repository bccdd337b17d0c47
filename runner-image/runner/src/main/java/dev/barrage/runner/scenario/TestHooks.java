package dev.barrage.runner.scenario;

import dev.barrage.scenario.OnRequest;
import dev.barrage.scenario.OnTestStart;
import dev.barrage.scenario.OnTestStop;
import dev.barrage.scenario.RequestEvent;
import dev.barrage.scenario.TestContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The scenario's test-level hooks: static methods marked {@code @OnTestStart}, {@code @OnTestStop}, {@code @OnRequest}. */
public record TestHooks(List<Method> onTestStart, List<Method> onTestStop, List<Method> onRequest) {
    public static final TestHooks NONE = new TestHooks(List.of(), List.of(), List.of());

    static TestHooks of(List<Class<?>> classes, String file) throws ScenarioException {
        List<Method> start = new ArrayList<>();
        List<Method> stop = new ArrayList<>();
        List<Method> request = new ArrayList<>();
        for (Class<?> c : classes) {
            for (Method m : c.getDeclaredMethods()) {
                collect(m, OnTestStart.class, TestContext.class, start, file);
                collect(m, OnTestStop.class, TestContext.class, stop, file);
                collect(m, OnRequest.class, RequestEvent.class, request, file);
            }
        }
        Comparator<Method> order = Comparator.comparing((Method m) -> m.getDeclaringClass().getName())
                .thenComparing(Method::getName);
        start.sort(order);
        stop.sort(order);
        request.sort(order);
        return new TestHooks(List.copyOf(start), List.copyOf(stop), List.copyOf(request));
    }

    private static void collect(Method m, Class<? extends Annotation> marker, Class<?> argument, List<Method> into,
            String file) throws ScenarioException {
        if (!m.isAnnotationPresent(marker)) {
            return;
        }
        String where = file + ": @" + marker.getSimpleName() + " method " + m.getDeclaringClass().getSimpleName()
                + "." + m.getName();
        if (!Modifier.isStatic(m.getModifiers())) {
            throw new ScenarioException(where + " must be static: it runs once per runner, not per user");
        }
        boolean requestHook = argument == RequestEvent.class;
        boolean fits = requestHook
                ? m.getParameterCount() == 1 && m.getParameterTypes()[0] == argument
                : m.getParameterCount() == 0 || (m.getParameterCount() == 1 && m.getParameterTypes()[0] == argument);
        if (!fits) {
            throw new ScenarioException(where + " must take " + (requestHook ? "" : "no argument or ")
                    + "one " + argument.getSimpleName());
        }
        m.setAccessible(true);
        into.add(m);
    }

    /** Calls a hook with its argument if it takes one; the hook's own exception comes out unwrapped. */
    public static void call(Method hook, Object argument) throws Throwable {
        try {
            if (hook.getParameterCount() == 0) {
                hook.invoke(null);
            } else {
                hook.invoke(null, argument);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
