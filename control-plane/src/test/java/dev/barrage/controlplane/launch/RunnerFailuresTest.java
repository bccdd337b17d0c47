package dev.barrage.controlplane.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A runner's last words, as its log or its pod's termination message keeps them, become the run's reason. */
class RunnerFailuresTest {
    @Test
    void theGuardsLastLineIsTheReason() {
        String tail = """
                [2026-11-23 17:16:29,814] INFO/LoadEngine: All users spawned: {Spin=2} (2 total users)
                [2026-11-23 17:16:38,743] ERROR/RunnerGuard: scenario code held every carrier thread for 3 s
                barrage agent: failed: scenario code held every carrier thread for 3 s; busy at Spin.spin(Spin.java:5): 2 threads
                """;
        assertThat(RunnerFailures.explain(tail, "heap limit 1g"))
                .isEqualTo("scenario code held every carrier thread for 3 s; busy at Spin.spin(Spin.java:5): 2 threads");
    }

    @Test
    void memoryThatRanOutBeforeTheGuardSpokeIsSaidSo() {
        String tail = "[2026-11-23 17:16:29,814] INFO/LoadEngine: All users spawned\n"
                + "Terminating due to java.lang.OutOfMemoryError: Java heap space\n";
        assertThat(RunnerFailures.explain(tail, "heap limit 1g")).isEqualTo("the scenario exhausted the runner's memory "
                + "(heap limit 1g): the runner ended with java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void anyOtherEndHasNoExplanation() {
        assertThat(RunnerFailures.explain("Exception in thread \"main\" java.lang.IllegalStateException: x\n", "")).isNull();
        assertThat(RunnerFailures.explain(null, "")).isNull();
    }
}
