package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a user class as a task, like Locust's {@code @task(weight)}. Tasks take no arguments; a user
 * picks one at random, in proportion to the weights, runs it, waits its {@link User#waitTime()}, and repeats.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Task {
    /** Relative frequency of this task among the class's tasks. */
    int value() default 1;
}
