package dev.barrage.protocol;

/** An exception thrown by scenario code (not a failed request), grouped by message and stack trace. */
public record ExceptionKey(String message, String traceback) {}
