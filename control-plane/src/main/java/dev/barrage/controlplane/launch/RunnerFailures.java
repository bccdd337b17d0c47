package dev.barrage.controlplane.launch;

import dev.barrage.runner.agent.RunnerAgent;

/**
 * Why a runner process ended on its own, from the last lines it wrote: the sentence its guard printed before ending
 * it (a scenario that never stops, takes the memory or too many threads), or the JVM's own last words when memory ran
 * out before the guard could speak (runners run with -XX:+ExitOnOutOfMemoryError).
 */
public final class RunnerFailures {
    /** What the JVM prints when -XX:+ExitOnOutOfMemoryError ends it. */
    static final String OUT_OF_MEMORY = "Terminating due to ";

    private RunnerFailures() {}

    /**
     * The reason in {@code tail} (the end of a runner's output), or null when it has none.
     *
     * @param memoryLimit how the runner's memory was limited, for saying so ("heap limit 1g")
     */
    public static String explain(String tail, String memoryLimit) {
        if (tail == null) {
            return null;
        }
        String reason = null;
        String outOfMemory = null;
        for (String line : tail.split("\r?\n")) {
            int at = line.indexOf(RunnerAgent.FAILED_PREFIX);
            if (at >= 0) {
                reason = line.substring(at + RunnerAgent.FAILED_PREFIX.length()).strip();
            }
            int oom = line.indexOf(OUT_OF_MEMORY + "java.lang.OutOfMemoryError");
            if (oom >= 0) {
                outOfMemory = line.substring(oom + OUT_OF_MEMORY.length()).strip();
            }
        }
        if (reason != null) {
            return reason;
        }
        if (outOfMemory != null) {
            return "the scenario exhausted the runner's memory (" + memoryLimit + "): the runner ended with "
                    + outOfMemory;
        }
        return null;
    }
}
