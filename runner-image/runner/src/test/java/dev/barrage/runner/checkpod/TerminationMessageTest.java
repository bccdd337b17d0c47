package dev.barrage.runner.checkpod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {
    @Test
    void outputThatFitsIsKeptWhole() {
        String output = "Broken.java:3:9: cannot find symbol\n    symbol: method gett(String)\n";
        assertThat(TerminationMessage.fit(output, 2)).isEqualTo(output);
    }

    @Test
    void aPassedCheckKeepsItsVerdictLinesWhateverTheScenarioPrinted() {
        String noise = "x".repeat(100) + "\n";
        String output = noise.repeat(100) + "ok: Shop (weight 1, 3 tasks)\nload: {\"kind\":\"users\"}\n" + noise;
        assertThat(TerminationMessage.fit(output, 0)).isEqualTo("ok: Shop (weight 1, 3 tasks)\nload: {\"kind\":\"users\"}\n");
    }

    @Test
    void aFailedCheckKeepsItsFirstErrorsAndItsLastLinesWithin4096Bytes() {
        String errors = IntStream.range(1, 200).mapToObj(i -> "Broken.java:" + i + ":5: cannot find symbol ü\n"
                + "    symbol: variable x" + i + "\n").collect(Collectors.joining());
        String output = errors + "Terminating due to java.lang.OutOfMemoryError: Java heap space\n";

        String message = TerminationMessage.fit(output, 3);

        assertThat(TerminationMessage.bytes(message)).isLessThanOrEqualTo(4096).isGreaterThan(3500);
        assertThat(message).startsWith("Broken.java:1:5: cannot find symbol ü\n    symbol: variable x1\n")
                .endsWith("Terminating due to java.lang.OutOfMemoryError: Java heap space\n")
                .containsPattern("… \\(\\d+ more lines in the pod's log\\)\n");
        int shown = message.split("\n").length - 1;
        int said = Integer.parseInt(message.replaceAll("(?s).*… \\((\\d+) more lines.*", "$1"));
        assertThat(shown + said).as("every line is shown or counted").isEqualTo(output.split("\n").length);
    }

    @Test
    void aLineLongerThanTheLimitIsCutBetweenCharacters() {
        String line = "é".repeat(5000);
        String message = TerminationMessage.fit(line + "\nlast\n", 1);
        assertThat(TerminationMessage.bytes(message)).isLessThanOrEqualTo(4096);
        assertThat(message).startsWith("éé").contains("…").endsWith("last\n").doesNotContain("\uFFFD");
    }
}
