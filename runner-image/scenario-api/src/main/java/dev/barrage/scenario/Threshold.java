package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pass/fail criterion of the test, on any class of the scenario, e.g. {@code @Threshold("p95<500ms")},
 * {@code @Threshold("fail_ratio<0.01")} or {@code @Threshold("GET /items/[id]:p99<800ms")}. Checked at the end; a
 * failed one makes {@code barrage run} exit with code 3. The same expressions work with {@code --threshold}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Threshold.List.class)
public @interface Threshold {
    String value();

    /** Also check it during the run, and stop the test as soon as it fails. */
    boolean abortOnFail() default false;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        Threshold[] value();
    }
}
