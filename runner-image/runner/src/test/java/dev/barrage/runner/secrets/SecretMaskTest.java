package dev.barrage.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.barrage.protocol.IntervalReport;
import dev.barrage.runner.stats.StatsRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's secrets never leave a runner as written: not in its log lines, not in the names and messages it reports. */
class SecretMaskTest {
    static final String SECRET = "sk_live+4f/Zq=9";
    static final String OTHER = "hunter2-long-enough";

    private static SecretMask mask() {
        SecretMask mask = new SecretMask();
        mask.set(List.of(SECRET, OTHER, ""));
        return mask;
    }

    @Test
    void aSecretIsMaskedAsWrittenAndAsAUrlCarriesIt() {
        String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertThat(encoded).isNotEqualTo(SECRET);
        String text = "GET /api?key=" + encoded + " failed for " + SECRET + " and " + OTHER + OTHER;

        assertThat(mask().mask(text)).isEqualTo("GET /api?key=*** failed for *** and ******");
        assertThat(mask().mask(null)).isNull();
        assertThat(new SecretMask().mask(text)).as("no secrets: unchanged").isEqualTo(text);
    }

    @Test
    void aLineWrittenInPiecesIsMaskedWhole() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new MaskingOutputStream(sink, mask()), true, StandardCharsets.UTF_8);
        for (char c : ("the key is " + SECRET).toCharArray()) {
            out.print(c);
            out.flush();
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).as("a partial line waits for its end").isEmpty();
        out.println(" (ünïcode after it)");

        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("the key is *** (ünïcode after it)" + System.lineSeparator());
    }

    @Test
    void aSecretAcrossTheEndOfALongLinesBufferIsMaskedToo() throws IOException {
        SecretMask mask = mask();
        for (int offset = -SECRET.length(); offset <= 1; offset++) {
            // the secret starts so that it straddles the point where the buffer is written out, at each position
            String text = "x".repeat(MaskingOutputStream.MAX_LINE + offset) + SECRET + "y".repeat(20000) + OTHER + "\n";
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (MaskingOutputStream out = new MaskingOutputStream(sink, mask)) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < bytes.length; i += 1000) {
                    out.write(bytes, i, Math.min(1000, bytes.length - i));
                }
            }
            assertThat(sink.toString(StandardCharsets.UTF_8)).as("offset %d", offset)
                    .isEqualTo(text.replace(SECRET, "***").replace(OTHER, "***"));
        }
    }

    @Test
    void beforeTheSecretsAreKnownOutputFlowsAsItIsFlushed() throws IOException {
        SecretMask mask = new SecretMask();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new MaskingOutputStream(sink, mask), true, StandardCharsets.UTF_8);
        out.print("prompt> ");
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("prompt> ");

        mask.set(List.of(SECRET));
        out.println("now " + SECRET);
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("prompt> now ***" + System.lineSeparator());
    }

    @Test
    void theStatisticsCountRequestsUnderTheirMaskedNames() {
        SecretMask mask = mask();
        StatsRecorder recorder = new StatsRecorder("r-0", 0, mask::mask);
        recorder.record("GET", "/api?key=" + SECRET, 1000, 10, null);
        recorder.record("GET", "/api?key=" + OTHER, 2000, 10, "401 for " + OTHER);
        recorder.record("GET", "/plain", 3000, 10, null);
        recorder.recordException(new IllegalStateException("rejected " + SECRET));
        IntervalReport report = recorder.cut(1000, 1);

        assertThat(report.toString()).doesNotContain(SECRET).doesNotContain(OTHER);
        // the two secret-bearing names are one endpoint now, with both requests
        assertThat(report.endpoints()).anySatisfy(e -> {
            assertThat(e.key().name()).isEqualTo("/api?key=***");
            assertThat(e.requests()).isEqualTo(2);
            assertThat(e.failures()).isEqualTo(1);
        });
        assertThat(report.errors().keySet()).singleElement().satisfies(k -> assertThat(k.error()).isEqualTo("401 for ***"));
        assertThat(report.exceptions().keySet()).singleElement().satisfies(k -> {
            assertThat(k.message()).isEqualTo("java.lang.IllegalStateException: rejected ***");
            assertThat(k.traceback()).startsWith("java.lang.IllegalStateException: rejected ***");
        });
    }
}
