package dev.barrage.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A static method taking a {@link RequestEvent}, called for every request and measurement of this runner as it is
 * recorded (Locust's {@code request} event). It runs on the user's thread, so keep it quick and thread-safe.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnRequest {}
