package dev.barrage.runner.scenario;

import java.util.Set;

/** Turns an exception thrown by scenario code while it loads into a message that names its file and line. */
final class ScenarioErrors {
    private ScenarioErrors() {}

    /**
     * {@code Shop.java:12: message}, the line being the innermost frame of one of the scenario's files in the stack
     * trace (without their names, any frame of a class the scenario's class loader defined); {@code name: message}
     * when no frame is the scenario's.
     */
    static String describe(Throwable t, Set<String> files, String name) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        for (StackTraceElement frame : t.getStackTrace()) {
            boolean scenarios = files.isEmpty() ? "scenario".equals(frame.getClassLoaderName())
                    : files.contains(frame.getFileName());
            if (scenarios && frame.getFileName() != null && frame.getLineNumber() > 0) {
                return frame.getFileName() + ":" + frame.getLineNumber() + ": " + message;
            }
        }
        return name + ": " + message;
    }
}
