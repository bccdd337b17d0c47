package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a task, like Locust's {@code @task(weight)}: a method of a user class or task set, or a nested
 * {@link TaskSet} class. Task methods take no arguments; a user picks one at random, in proportion to the weights,
 * runs it, waits its {@link User#waitTime()}, and repeats. A nested {@code @Task} task set, when picked, runs its own
 * tasks until it calls {@link TaskSet#interrupt()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Task {
    /** Relative frequency of this task among its siblings; in a {@link SequentialTaskSet}, how many times in a row it runs. */
    int value() default 1;
}
