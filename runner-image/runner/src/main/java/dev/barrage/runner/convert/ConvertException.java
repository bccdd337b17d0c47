package dev.barrage.runner.convert;

/** A locustfile that cannot be converted at all (no python3, a syntax error, no user class); the message says why. */
public final class ConvertException extends Exception {
    public ConvertException(String message) {
        super(message);
    }
}
