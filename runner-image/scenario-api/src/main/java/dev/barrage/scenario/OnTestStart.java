package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static method run once per runner before the first user starts (Locust's {@code test_start} event). It takes no
 * argument or a {@link TestContext}. An exception is reported with the scenario's exceptions; the test still runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTestStart {}
