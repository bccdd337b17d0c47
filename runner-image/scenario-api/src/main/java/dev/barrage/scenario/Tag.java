package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags a task (or every task of a task set), so that a run can pick tasks with {@code --tags} and
 * {@code --exclude-tags}, like Locust's {@code @tag}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Tag {
    String[] value();
}
