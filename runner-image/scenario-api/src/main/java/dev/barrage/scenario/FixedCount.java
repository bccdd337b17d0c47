package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exactly this many users of the class over the whole run, whatever the total (Locust's {@code fixed_count}). They
 * are started before any weighted user; the users beyond all fixed counts are shared by the {@link Weight}s of the
 * other classes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FixedCount {
    int value();
}
