package dev.barrage.runner.scenario;

/** Turns an exception thrown by scenario code while it loads into a message that names its line. */
final class ScenarioErrors {
    private ScenarioErrors() {}

    /** {@code Shop.java:12: message}, the line being the scenario's innermost frame in the stack trace. */
    static String describe(Throwable t, String file) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        for (StackTraceElement frame : t.getStackTrace()) {
            if (file.equals(frame.getFileName()) && frame.getLineNumber() > 0) {
                return file + ":" + frame.getLineNumber() + ": " + message;
            }
        }
        return file + ": " + message;
    }
}
