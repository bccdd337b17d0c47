package dev.barrage.runner.scenario;

import java.lang.reflect.Method;

/** One {@code @Task} method and its weight. */
public record TaskModel(Method method, int weight) {
    public String name() {
        return method.getName();
    }
}
